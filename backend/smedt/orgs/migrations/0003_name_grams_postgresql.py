"""PostgreSQL only: the CJK-capable name index (a generated column of the name's characters and character
pairs, GIN-indexed) replaces the name's trigram index, which cannot narrow a Chinese substring search;
no-op on SQLite (`icontains` there)."""

from django.db import migrations

from smedt.core.dbcompat import NAME_GRAM_FUNCTIONS_DROP, name_gram_column_sql, run_on_postgresql, trigram_index_sql

TABLE = "orgs_organization"
grams_fwd, grams_back = name_gram_column_sql(TABLE, "name")
trgm_fwd, trgm_back = trigram_index_sql(TABLE, "name")
code, reverse_code = run_on_postgresql(
    [*trgm_back, *grams_fwd],
    [*trgm_fwd, *grams_back, *NAME_GRAM_FUNCTIONS_DROP],
)


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0002_name_credit_code_trigram_postgresql"),
    ]

    operations = [migrations.RunPython(code, reverse_code, elidable=False)]
