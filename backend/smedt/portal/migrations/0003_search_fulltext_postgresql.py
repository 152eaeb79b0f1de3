"""Newest-first index for search candidates; on PostgreSQL only, a generated tsvector over the jieba tokens with a GIN index."""

from django.db import migrations, models

from smedt.core.dbcompat import fulltext_column_sql, run_on_postgresql

forward, backward = fulltext_column_sql("portal_searchdocument", "title_tokens", "tokens")
code, reverse_code = run_on_postgresql(forward, backward)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_search_kind_product"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="searchdocument",
            index=models.Index(fields=["-published_at", "-id"], name="portal_search_published"),
        ),
        migrations.RunPython(code, reverse_code, elidable=False),
    ]
