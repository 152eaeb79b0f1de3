"""The one place where SQL is written by hand or differs by database (信创 portability).

Everything else in ``smedt/`` goes through the Django ORM, so the platform runs on SQLite,
PostgreSQL and the PostgreSQL-compatible 信创 databases (KingbaseES, openGauss in PostgreSQL
mode) with the stock ``postgresql`` backend, and on 达梦 with its own Django backend — see
``docs/deployment.md``. ``core/tests/test_sql_portability.py`` scans the code and fails on raw
SQL, ``django.contrib.postgres`` or PostgreSQL-only functions and lookups anywhere but here.

Rules for this module: branch on ``connection.vendor``; give every vendor-specific path a
portable fallback (or a deliberate no-op with the reason); keep statements standard SQL unless
the branch is for that vendor only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.management.color import no_style
from django.db import connections
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.db.models import F, Model

# ---------------------------------------------------------------- health probe


def ping(using: str = "default") -> None:
    """One round trip to the database (standard SQL on every backend); raises when it is down."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


# ---------------------------------------------------------------- row count of a compiled query


def count_rows(sql: str, params: Sequence[Any], using: str = "default") -> int:
    """COUNT(*) of a compiled SELECT: a derived table with an alias and no AS, as Django writes its own
    counts of sliced queries — standard SQL on every backend. The bounded page count of
    `core.api.pagination` compiles its query once and uses the SQL for the count and the cache key."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) bounded", params)  # noqa: S608  # sql: compiled by the ORM
        row = cursor.fetchone()
    return int(row[0]) if row else 0


# ---------------------------------------------------------------- consistent read snapshot


def snapshot_begin(using: str = "default") -> None:
    """First statement of a read-only transaction that must see one snapshot of every table (backup).

    PostgreSQL and its 信创 relatives: REPEATABLE READ READ ONLY. SQLite: nothing to do, a
    transaction already reads one snapshot. Other backends keep their default isolation.
    """
    connection = connections[using]
    # Only as the first statement of an outermost transaction; nested in another one (a test, a
    # caller's atomic block) the enclosing transaction's snapshot rules apply.
    if connection.vendor == "postgresql" and len(connection.atomic_blocks) == 1:
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


# ---------------------------------------------------------------- sequences after explicit-pk inserts


def sequences_reset(models: Iterable[type[Model]], using: str = "default") -> int:
    """After rows were inserted with explicit primary keys (restore), move the id sequences past them.

    Uses the backend's own ``sequence_reset_sql`` (PostgreSQL/KingbaseES/openGauss: ``setval``;
    SQLite needs nothing; other backends supply their statements). Returns the statements run.
    """
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
    return len(statements)


# ---------------------------------------------------------------- append-only audit table (audit 0002)

_PG_APPEND_ONLY = """
CREATE OR REPLACE FUNCTION audit_record_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit records are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_record_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_auditrecord
    FOR EACH ROW EXECUTE FUNCTION audit_record_append_only();
"""
_PG_APPEND_ONLY_DROP = """
DROP TRIGGER IF EXISTS audit_record_no_update_delete ON audit_auditrecord;
DROP FUNCTION IF EXISTS audit_record_append_only();
"""
_SQLITE_NO_UPDATE = """
CREATE TRIGGER IF NOT EXISTS audit_record_no_update
BEFORE UPDATE ON audit_auditrecord
BEGIN
    SELECT RAISE(ABORT, 'audit records are append-only');
END;
"""
_SQLITE_NO_UPDATE_DROP = "DROP TRIGGER IF EXISTS audit_record_no_update;"


def audit_append_only_install(schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Database-side guard against UPDATE/DELETE of audit rows (PostgreSQL and PG-mode 信创; SQLite: UPDATE).

    Other backends (达梦) get no trigger: the model refuses changes, and the HMAC-SM3 chain makes any
    change detectable by ``audit_verify_chain``. A DBA can add the equivalent trigger by hand.
    """
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(_PG_APPEND_ONLY)
    elif vendor == "sqlite":
        schema_editor.execute(_SQLITE_NO_UPDATE)


def audit_append_only_remove(schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(_PG_APPEND_ONLY_DROP)
    elif vendor == "sqlite":
        schema_editor.execute(_SQLITE_NO_UPDATE_DROP)


_SQLITE_DELETE_GUARD = "audit_record_no_delete"
_SQLITE_NO_DELETE = f"""
CREATE TRIGGER IF NOT EXISTS {_SQLITE_DELETE_GUARD}
BEFORE DELETE ON audit_auditrecord
BEGIN
    SELECT RAISE(ABORT, 'audit records are append-only');
END;
"""
_SQLITE_NO_DELETE_DROP = f"DROP TRIGGER IF EXISTS {_SQLITE_DELETE_GUARD};"


def audit_delete_guard_install(schema_editor: BaseDatabaseSchemaEditor) -> None:
    """SQLite refuses DELETE of audit rows too, like PostgreSQL's trigger (PostgreSQL's is in the append-only set)."""
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(_SQLITE_NO_DELETE)


def audit_delete_guard_remove(schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(_SQLITE_NO_DELETE_DROP)


def audit_delete_guard_lift(using: str = "default") -> tuple[str, ...]:
    """Drop the SQLite DELETE guards (audit rows, confirmed 绩效 snapshots) for a deliberate flush; returns the
    guards that were there (put them back after with ``audit_delete_guard_restore``).

    PostgreSQL flushes with TRUNCATE, which row triggers do not see: nothing to lift there.
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        return ()
    lifted: list[str] = []
    with connection.cursor() as cur:
        for name in _SQLITE_DELETE_GUARDS:
            cur.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = %s", [name])
            if cur.fetchone() is not None:
                cur.execute(f"DROP TRIGGER IF EXISTS {name}")
                lifted.append(name)
    return tuple(lifted)


def audit_delete_guard_restore(using: str = "default", guards: Sequence[str] | None = None) -> None:
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            for name in _SQLITE_DELETE_GUARDS if guards is None else guards:
                cur.execute(_SQLITE_DELETE_GUARDS[name])


# ---------------------------------------------------------------- confirmed 绩效 snapshots are frozen (reporting 0002)
# A confirmed snapshot was reported upward: the database refuses any UPDATE or DELETE of it (drafts stay writable).

_SNAPSHOT_TABLE = "reporting_performancesnapshot"
_SNAPSHOT_MESSAGE = "confirmed performance snapshots are frozen"
_PG_SNAPSHOT_FROZEN = f"""
CREATE OR REPLACE FUNCTION reporting_snapshot_frozen() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{_SNAPSHOT_MESSAGE}';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER reporting_snapshot_no_change
    BEFORE UPDATE OR DELETE ON {_SNAPSHOT_TABLE}
    FOR EACH ROW WHEN (OLD.status = 'confirmed') EXECUTE FUNCTION reporting_snapshot_frozen();
"""
_PG_SNAPSHOT_FROZEN_DROP = f"""
DROP TRIGGER IF EXISTS reporting_snapshot_no_change ON {_SNAPSHOT_TABLE};
DROP FUNCTION IF EXISTS reporting_snapshot_frozen();
"""
_SQLITE_SNAPSHOT_NO_UPDATE = f"""
CREATE TRIGGER IF NOT EXISTS reporting_snapshot_no_update
BEFORE UPDATE ON {_SNAPSHOT_TABLE}
FOR EACH ROW WHEN OLD.status = 'confirmed'
BEGIN
    SELECT RAISE(ABORT, '{_SNAPSHOT_MESSAGE}');
END;
"""
_SQLITE_SNAPSHOT_DELETE_GUARD = "reporting_snapshot_no_delete"
_SQLITE_SNAPSHOT_NO_DELETE = f"""
CREATE TRIGGER IF NOT EXISTS {_SQLITE_SNAPSHOT_DELETE_GUARD}
BEFORE DELETE ON {_SNAPSHOT_TABLE}
FOR EACH ROW WHEN OLD.status = 'confirmed'
BEGIN
    SELECT RAISE(ABORT, '{_SNAPSHOT_MESSAGE}');
END;
"""

# the SQLite DELETE guards a deliberate flush lifts and puts back (name → CREATE statement)
_SQLITE_DELETE_GUARDS = {
    _SQLITE_DELETE_GUARD: _SQLITE_NO_DELETE,
    _SQLITE_SNAPSHOT_DELETE_GUARD: _SQLITE_SNAPSHOT_NO_DELETE,
}


def snapshot_frozen_install(schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Database-side guard: UPDATE or DELETE of a confirmed 绩效 snapshot fails (PostgreSQL and PG-mode 信创:
    one row trigger; SQLite: two triggers). Other backends (达梦) rely on the model's guard and the snapshot's
    SM3 digest, which the national platform received; a DBA can add the equivalent trigger by hand."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(_PG_SNAPSHOT_FROZEN)
    elif vendor == "sqlite":
        schema_editor.execute(_SQLITE_SNAPSHOT_NO_UPDATE)
        schema_editor.execute(_SQLITE_SNAPSHOT_NO_DELETE)


def snapshot_frozen_remove(schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(_PG_SNAPSHOT_FROZEN_DROP)
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS reporting_snapshot_no_update")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {_SQLITE_SNAPSHOT_DELETE_GUARD}")


# ---------------------------------------------------------------- PostgreSQL full-text search and trigram indexes
# (no-ops or portable fallbacks elsewhere; callers never branch on the vendor themselves)

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


# ---------------------------------------------------------------- percentiles (对标分析)


def percentiles(
    qs: Any,
    *,
    value: str,
    group_by: Sequence[str],
    fractions: Sequence[tuple[int, int]],
    using: str = "default",
) -> dict[tuple[Any, ...], tuple[int, list[Decimal | None]]]:
    """Per group of ``qs``: (row count, the continuous percentiles ``a/b`` of ``value``) computed in SQL.

    Linear interpolation between the closest ranks, as PostgreSQL's ``percentile_cont`` does (and
    as NumPy's default): position ``(n - 1) * a / b`` in the ascending values. PostgreSQL and its
    信创 relatives: ``percentile_cont`` per group. Elsewhere (SQLite, 达梦): the standard window
    functions number the rows of each group, a GROUP BY picks the two neighbours of every position
    with integer arithmetic only, and the interpolation between them happens here. Only one row
    per group and fraction travels either way; the values themselves never leave the database.
    """
    aliases = [f"pg{i}" for i in range(len(group_by))]
    inner_qs = qs.order_by().annotate(pv=F(value), **{a: F(g) for a, g in zip(aliases, group_by, strict=True)})
    inner_qs = inner_qs.filter(pv__isnull=False).values(*aliases, "pv")
    connection = connections[using]
    inner_sql, inner_params = inner_qs.query.get_compiler(using=using).as_sql()
    groups = ", ".join(f"s.{a}" for a in aliases)
    select_groups = f"{groups}, " if groups else ""
    group_clause = f" GROUP BY {groups}" if groups else ""
    out: dict[tuple[Any, ...], tuple[int, list[Decimal | None]]] = {}
    if connection.vendor == "postgresql":
        cols = ", ".join(f"percentile_cont({a / b!r}) WITHIN GROUP (ORDER BY s.pv)" for a, b in fractions)
        sql = f"SELECT {select_groups}COUNT(*), {cols} FROM ({inner_sql}) s{group_clause}"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, inner_params)
            for row in cursor.fetchall():
                key = tuple(row[: len(aliases)])
                n = int(row[len(aliases)])
                out[key] = (n, [None if v is None else Decimal(str(v)) for v in row[len(aliases) + 1 :]])
        return out
    partition = f"PARTITION BY {', '.join(f's.{a}' for a in aliases)} " if aliases else ""
    ranked = (
        f"SELECT {select_groups}s.pv, ROW_NUMBER() OVER ({partition}ORDER BY s.pv) - 1 AS rn, "  # noqa: S608
        f"COUNT(*) OVER ({partition.strip()}) AS n FROM ({inner_sql}) s"
    )
    picks = []
    for a, b in fractions:
        # lo = floor((n - 1) * a / b): rn * b <= (n - 1) * a < (rn + 1) * b; hi = lo + 1 (when it exists)
        picks.append(
            f"MAX(CASE WHEN s.rn * {b} <= (s.n - 1) * {a} AND (s.rn + 1) * {b} > (s.n - 1) * {a} THEN s.pv END)"
        )
        picks.append(
            f"MAX(CASE WHEN (s.rn - 1) * {b} <= (s.n - 1) * {a} AND s.rn * {b} > (s.n - 1) * {a} THEN s.pv END)"
        )
    sql = (
        f"SELECT {select_groups}s.n, {', '.join(picks)} FROM ({ranked}) s GROUP BY {groups + ', ' if groups else ''}s.n"  # noqa: S608
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, inner_params)
        for row in cursor.fetchall():
            key = tuple(row[: len(aliases)])
            n = int(row[len(aliases)])
            found = row[len(aliases) + 1 :]
            vals: list[Decimal | None] = []
            for i, (a, b) in enumerate(fractions):
                lo, hi = found[2 * i], found[2 * i + 1]
                if lo is None:
                    vals.append(None)
                    continue
                lo_d = Decimal(str(lo))
                rest = Decimal((n - 1) * a % b) / Decimal(b)
                vals.append(lo_d if hi is None or not rest else lo_d + (Decimal(str(hi)) - lo_d) * rest)
            out[key] = (n, vals)
    return out
