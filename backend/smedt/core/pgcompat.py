"""The one place for PostgreSQL-only SQL (full-text search, trigram indexes, planner estimates).

Everything else in smedt is portable SQL through the ORM, so the embedded SQLite default and the
PostgreSQL-compatible 信创 databases keep working. Each function here has a portable fallback or is
a no-op on other databases; callers never branch on the vendor themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connections
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

VECTOR_COLUMN = "search_vector"
FTS_CONFIG = "simple"  # tokens are already segmented by jieba; PostgreSQL only splits on spaces


def is_postgresql(using: str = "default") -> bool:
    return connections[using].vendor == "postgresql"


# ---- migrations ------------------------------------------------------------------------------------------------


def run_on_postgresql(forward: Sequence[str], backward: Sequence[str] = ()) -> tuple[Any, Any]:
    """(code, reverse_code) for `migrations.RunPython` that execute `forward`/`backward` on PostgreSQL only."""

    def _run(statements: Sequence[str]) -> Any:
        def run(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
            if schema_editor.connection.vendor != "postgresql":
                return
            for sql in statements:
                schema_editor.execute(sql)

        return run

    return _run(forward), _run(backward)


def fulltext_column_sql(table: str, title_column: str, body_column: str) -> tuple[list[str], list[str]]:
    """A stored generated `tsvector` over two token columns (title weighted A, body B) with a GIN index."""
    vector = (
        f"setweight(to_tsvector('{FTS_CONFIG}', coalesce({title_column}, '')), 'A') || "
        f"setweight(to_tsvector('{FTS_CONFIG}', coalesce({body_column}, '')), 'B')"
    )
    forward = [
        f"ALTER TABLE {table} ADD COLUMN {VECTOR_COLUMN} tsvector GENERATED ALWAYS AS ({vector}) STORED",
        f"CREATE INDEX {table}_fts ON {table} USING gin ({VECTOR_COLUMN})",
    ]
    backward = [f"DROP INDEX IF EXISTS {table}_fts", f"ALTER TABLE {table} DROP COLUMN IF EXISTS {VECTOR_COLUMN}"]
    return forward, backward


def trigram_index_sql(table: str, column: str) -> tuple[list[str], list[str]]:
    """A GIN trigram index on UPPER(column): Django's `icontains` on PostgreSQL is `UPPER(col) LIKE UPPER(%s)`."""
    name = f"{table}_{column}_trgm"
    forward = [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ((UPPER({column}::text)) gin_trgm_ops)",
    ]
    return forward, [f"DROP INDEX IF EXISTS {name}"]


# ---- queries ---------------------------------------------------------------------------------------------------


def fulltext_search(
    *,
    table: str,
    terms: Sequence[str],
    filters: dict[str, Any],
    order_tiebreak: Sequence[str],
    limit: int,
    offset: int,
    count_limit: int,
    candidate_limit: int = 2000,
    using: str = "default",
) -> tuple[list[tuple[int, float]], int]:
    """([(pk, rank)] best first, bounded total) ranked in SQL with `ts_rank` over the GIN-indexed vector.

    Any term matches (OR); documents with more distinct terms first, then title hits weigh more
    (weight A, length-normalised `ts_rank`); ties fall back to `order_tiebreak`
    (e.g. newest first). The total counts at most `count_limit` + 1 matches.
    """
    if not terms:
        return [], 0
    query = " || ".join(f"plainto_tsquery('{FTS_CONFIG}', %s)" for _ in terms)
    where = [f"{VECTOR_COLUMN} @@ q.query"]
    params: list[Any] = list(terms)
    for column, value in filters.items():
        where.append(f"{column} = %s")
        params.append(value)
    where_sql = " AND ".join(where)
    tiebreak = ", ".join(f"{c.lstrip('-')} {'DESC' if c.startswith('-') else 'ASC'}" for c in order_tiebreak)
    # coordination first (how many distinct terms a document has, as BM25's idf sum rewards), then
    # ts_rank normalised by document length (flag 1) within the same coverage
    coverage = " + ".join(f"(t.{VECTOR_COLUMN} @@ plainto_tsquery('{FTS_CONFIG}', %s))::int" for _ in terms)
    # identifiers come from code (table, columns), never from a request; every value is a parameter.
    # Ranking reads every candidate's vector, so only the newest `candidate_limit` matches are ranked
    # (as the portable path does): a query matching half of 100,000 documents stays bounded.
    # The candidates carry no vector (a sort of wide rows spills to disk); an index on the
    # tiebreak order lets PostgreSQL walk newest-first and stop after `candidate_limit` hits.
    cte_columns = ", ".join(dict.fromkeys(["id", *(c.lstrip("-") for c in order_tiebreak)]))
    outer_tiebreak = ", ".join(f"c.{c.lstrip('-')} {'DESC' if c.startswith('-') else 'ASC'}" for c in order_tiebreak)
    page_sql = (
        f"WITH c AS (SELECT {cte_columns} FROM {table}, (SELECT {query} AS query) q "  # noqa: S608
        f"WHERE {where_sql} ORDER BY {tiebreak or 'id DESC'} LIMIT %s) "
        f"SELECT c.id, ({coverage}) + ts_rank(t.{VECTOR_COLUMN}, q.query, 1) AS rank "
        f"FROM c JOIN {table} t ON t.id = c.id, (SELECT {query} AS query) q "
        f"ORDER BY rank DESC{', ' + outer_tiebreak if outer_tiebreak else ''} LIMIT %s OFFSET %s"
    )
    count_sql = (
        f"SELECT count(*) FROM (SELECT 1 FROM {table}, (SELECT {query} AS query) q WHERE {where_sql} LIMIT %s) s"  # noqa: S608
    )
    with connections[using].cursor() as cursor:
        cursor.execute(page_sql, [*params, candidate_limit, *terms, *terms, limit, offset])
        rows = [(int(pk), float(rank)) for pk, rank in cursor.fetchall()]
        cursor.execute(count_sql, [*params, count_limit + 1])
        (total,) = cursor.fetchone()
    return rows, int(total)
