"""PostgreSQL only: trigram indexes for the name / credit-code search (`icontains`); no-op on SQLite."""

from django.db import migrations

from smedt.core.dbcompat import run_on_postgresql, trigram_index_sql

name_fwd, name_back = trigram_index_sql("orgs_organization", "name")
code_fwd, code_back = trigram_index_sql("orgs_organization", "credit_code")
code, reverse_code = run_on_postgresql([*name_fwd, *code_fwd], [*name_back, *code_back])


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0001_initial"),
    ]

    operations = [migrations.RunPython(code, reverse_code, elidable=False)]
