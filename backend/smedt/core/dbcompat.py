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

import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.management.color import no_style
from django.db import connections
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.db.models import F, Lookup, Model
from django.db.models.expressions import Col
from django.db.models.lookups import IContains

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


# ---------------------------------------------------------------- commit without waiting for the disk


def relaxed_commit(using: str = "default") -> None:
    """Inside a transaction: its COMMIT need not wait for the WAL flush (many small transactions, each a
    record the caller can afford to redo — e.g. "this SMS was sent", where a lost record means the
    message is sent again, at least once). A crash of the worker loses nothing; only a crash of the
    database server in the next fraction of a second (3 × wal_writer_delay) can lose such a commit.

    PostgreSQL and its 信创 relatives: ``SET LOCAL synchronous_commit TO OFF`` (this transaction only).
    SQLite and others: no-op (the commit is as durable as always).
    """
    connection = connections[using]
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


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


def name_gram_column_sql(table: str, column: str) -> tuple[list[str], list[str]]:
    """The CJK-capable name index (PostgreSQL): the name's characters and character pairs, GIN-indexed.

    pg_trgm builds no trigrams from Chinese text, so a trigram index cannot narrow
    `名称 LIKE '%智能制造%'`. Here a stored generated column `<column>_grams` holds the single characters
    and adjacent pairs of `UPPER(<column>)` (`smedt_name_grams`), with a GIN index; the name search asks
    for the rows whose set contains every pair of the query (`@>`; a one-character query: that
    character) and rechecks the substring (`NameContains`). PostgreSQL computes the column on every
    INSERT / UPDATE / COPY (no save hook, no backfill to forget); a stored column rather than an
    expression index, so a plan that reads rows some other way (the county's rows first) tests the
    stored array instead of recomputing it per row.
    """
    grams = f"{column}{NAME_GRAMS_SUFFIX}"
    index = f"{table}_{grams}"
    forward = [
        *_NAME_GRAM_FUNCTIONS,
        f"ALTER TABLE {table} ADD COLUMN {grams} text[] GENERATED ALWAYS AS ({NAME_GRAMS_FUNCTION}({column})) STORED",
        f"CREATE INDEX {index} ON {table} USING gin ({grams})",
        f"ANALYZE {table}",  # element statistics of the new column: the planner's estimate of a query's matches
    ]
    backward = [f"DROP INDEX IF EXISTS {index}", f"ALTER TABLE {table} DROP COLUMN IF EXISTS {grams}"]
    return forward, backward


NAME_GRAMS_SUFFIX = "_grams"
NAME_GRAMS_FUNCTION = "smedt_name_grams"
NAME_QUERY_GRAMS_FUNCTION = "smedt_name_query_grams"
# IMMUTABLE (a generated column's expression must be): upper, substr, char_length, generate_series are.
# The name side holds single characters too (and, harmlessly, its last character twice), so a
# one-character query is answered by the index as well. The query side asks for the pairs that cover it
# without overlap (智能制造 → 智能, 制造): the substring recheck is exact anyway, and the planner, which
# multiplies the pairs' frequencies as if independent, then estimates the matches well enough to
# combine the index with the scope's (region) index instead of reading every match's row.
_NAME_GRAM_FUNCTIONS = [
    """CREATE OR REPLACE FUNCTION smedt_name_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT ARRAY(SELECT substr(s.u, i, k) FROM (SELECT upper(t) AS u) s,
                 generate_series(1, char_length(s.u)) i, (VALUES (1), (2)) v(k))
$$""",
    """CREATE OR REPLACE FUNCTION smedt_name_query_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN char_length(s.u) < 2 THEN ARRAY[s.u]
                ELSE ARRAY(SELECT DISTINCT substr(s.u, i, 2) FROM generate_series(1, char_length(s.u) - 1) i
                           WHERE mod(i, 2) = 1 OR i = char_length(s.u) - 1) END
    FROM (SELECT upper(t) AS u) s
$$""",
]
NAME_GRAM_FUNCTIONS_DROP = [
    f"DROP FUNCTION IF EXISTS {NAME_GRAMS_FUNCTION}(text)",
    f"DROP FUNCTION IF EXISTS {NAME_QUERY_GRAMS_FUNCTION}(text)",
]


class NameContains(Lookup):
    """`name__name_contains=q`: exactly `name__icontains=q`, answered by the name gram index on PostgreSQL.

    Registered on the columns that have the gram column (`name_gram_column_sql`): `Organization.name`.
    PostgreSQL: the rows whose `<column>_grams` holds every character pair of `UPPER(q)` (GIN `@>`; a
    substring of the name has all its pairs in the name), then Django's own `icontains` SQL as the exact
    recheck — so the answer is the `icontains` answer by construction. Other databases: `icontains`.
    """

    lookup_name = "name_contains"
    prepare_rhs = False

    def _icontains(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        sql, params = compiler.compile(IContains(self.lhs, self.rhs))
        return sql, list(params)

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        return self._icontains(compiler, connection)

    def as_postgresql(self, compiler: Any, connection: Any) -> Any:
        sql, params = self._icontains(compiler, connection)
        if not isinstance(self.lhs, Col) or not isinstance(self.rhs, str) or not self.rhs:
            return sql, params  # an expression, or '' (matches everything): nothing for the index to narrow
        table = compiler.quote_name_unless_alias(self.lhs.alias)
        grams = connection.ops.quote_name(f"{self.lhs.target.column}{NAME_GRAMS_SUFFIX}")
        return f"({table}.{grams} @> {NAME_QUERY_GRAMS_FUNCTION}(%s) AND {sql})", [self.rhs, *params]


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
    (e.g. newest first). Only the first `candidate_limit` matches in `order_tiebreak` order are
    ranked; the total counts at most `count_limit` + 1 matches.
    """
    if not terms:
        return [], 0
    # identifiers come from code (table, columns), never from a request; every value is a parameter.
    # One statement, one pass over the matches: the term queries are parsed once (`q`), each match's
    # rank is computed as it is read (its vector is in the row at hand), the newest
    # max(candidate_limit, count_limit + 1) matches are kept (an index on the tiebreak order lets
    # PostgreSQL walk newest-first and stop there), and the page and the bounded total come from them.
    term_queries = ", ".join(f"plainto_tsquery('{FTS_CONFIG}', %s) AS t{i}" for i in range(len(terms)))
    any_term = " || ".join(f"t{i}" for i in range(len(terms)))
    # coordination first (how many distinct terms a document has, as BM25's idf sum rewards), then
    # ts_rank normalised by document length (flag 1) within the same coverage
    coverage = " + ".join(f"(d.{VECTOR_COLUMN} @@ q.t{i})::int" for i in range(len(terms)))
    where = [f"d.{VECTOR_COLUMN} @@ q.query"]
    params: list[Any] = list(terms)
    for column, value in filters.items():
        where.append(f"d.{column} = %s")
        params.append(value)
    order = [(c.lstrip("-"), "DESC" if c.startswith("-") else "ASC") for c in order_tiebreak] or [("id", "DESC")]
    columns = ", ".join(dict.fromkeys(["id", *(c for c, _ in order)]))
    tiebreak = ", ".join(f"{c} {d}" for c, d in order)
    kept = max(candidate_limit, count_limit + 1)
    page_sql = (
        f"WITH q AS (SELECT *, {any_term} AS query FROM (SELECT {term_queries}) t), "  # noqa: S608
        f"c AS (SELECT {', '.join(f'd.{c}' for c in columns.split(', '))}, "
        f"({coverage}) + ts_rank(d.{VECTOR_COLUMN}, q.query, 1) AS rank "
        f"FROM {table} d, q WHERE {' AND '.join(where)} "
        f"ORDER BY {', '.join(f'd.{c} {d}' for c, d in order)} LIMIT %s), "
        f"n AS (SELECT c.*, row_number() OVER (ORDER BY {tiebreak}) AS rn, count(*) OVER () AS total FROM c) "
        f"SELECT id, rank, total FROM n WHERE rn <= %s ORDER BY rank DESC, {tiebreak} LIMIT %s OFFSET %s"
    )
    count_sql = (
        f"SELECT count(*) FROM (SELECT 1 FROM {table} d, "  # noqa: S608
        f"(SELECT {any_term} AS query FROM (SELECT {term_queries}) t) q WHERE {' AND '.join(where)} LIMIT %s) s"
    )
    with connections[using].cursor() as cursor:
        cursor.execute(page_sql, [*params, kept, candidate_limit, limit, offset])
        fetched = cursor.fetchall()
        rows = [(int(pk), float(rank)) for pk, rank, _ in fetched]
        if fetched:
            total = int(fetched[0][2])
        elif offset == 0:
            total = 0
        else:  # a page past the ranked candidates: count on its own
            cursor.execute(count_sql, [*params, count_limit + 1])
            (total,) = cursor.fetchone()
    return rows, min(int(total), count_limit + 1)


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


# ---------------------------------------------------------------- policy matching in SQL (policies, issue 17)
# Matching one policy against every enterprise inside PostgreSQL: each confirmed condition becomes a CASE
# expression over the snapshot's JSON values giving the same y / n / ? as `policies.matching.evaluate_one`
# (exact numeric compare in the indicator's base unit, region path, industry prefix, tier rank), and the
# policy's rows are written with one INSERT … SELECT. Elsewhere (SQLite) `policies.services.matching` keeps the
# Python path; `policies/tests/test_sqlmatch.py` checks both give the same rows on the same data.

_POLICY_OPS = {"gte": ">=", "gt": ">", "lte": "<=", "lt": "<", "eq": "="}


def _policy_entry(code: str) -> str:
    # an indicator code from `INDICATORS` (lower-case identifier), inlined as a literal
    assert re.fullmatch(r"[a-z_]+", code), code
    return f"(s.\"values\" -> '{code}')"


def policy_condition_sql(c: Any) -> tuple[str, list[Any]]:
    """A SQL expression over the snapshot row `s` giving 'y' (met), 'n' (unmet) or '?' (missing), for a
    `policies.matching.Condition`."""
    from smedt.policies.indicators import INDICATORS, TIER_RANK, to_base
    from smedt.policies.matching import NUMBER_RE

    ind = INDICATORS[c.indicator]
    e = _policy_entry(c.indicator)
    value = f"({e} -> 'value')"
    text = f"({e} ->> 'value')"
    # missing exactly as `evaluate_one`: no entry, no value, null, "" or []
    missing = f"({value} IS NULL OR {value} IN ('null'::jsonb, '\"\"'::jsonb, '[]'::jsonb))"
    params: list[Any] = []
    if ind.kind == "industry":
        if not c.values:
            return f"(CASE WHEN {missing} THEN '?' ELSE 'n' END)", params
        tests = " OR ".join(f"left({text}, %s) = %s" for _ in c.values)
        for prefix in c.values:
            params += [len(prefix), prefix]
        return f"(CASE WHEN {missing} THEN '?' WHEN {tests} THEN 'y' ELSE 'n' END)", params
    if ind.kind == "region":
        path = (
            f"(CASE WHEN jsonb_typeof({e} -> 'path') = 'array' AND {e} -> 'path' <> '[]'::jsonb "
            f"THEN {e} -> 'path' ELSE jsonb_build_array({text}) END)"
        )
        params.append([str(v) for v in c.values])
        return f"(CASE WHEN {missing} THEN '?' WHEN {path} ?| %s::text[] THEN 'y' ELSE 'n' END)", params
    if ind.kind == "tier":
        rank = "(CASE " + " ".join(f"WHEN {text} = %s THEN %s" for _ in TIER_RANK) + " ELSE 0 END)"
        for code, r in TIER_RANK.items():
            params += [code, r]
        want = TIER_RANK.get(c.values[0] if c.values else "none", 0)
        op = "=" if c.operator == "eq" else ">="
        params.append(want)
        return f"(CASE WHEN {missing} THEN '?' WHEN {rank} {op} %s THEN 'y' ELSE 'n' END)", params
    if c.threshold is None:
        return "'?'", []
    right = to_base(ind, c.threshold, c.unit)
    number = f"(jsonb_typeof({value}) IN ('string', 'number') AND {text} ~ %s)"  # what `matching._dec` accepts
    params += [NUMBER_RE, right]
    return (
        f"(CASE WHEN {missing} THEN '?' WHEN NOT {number} THEN '?' "
        f"WHEN ({text})::numeric {_POLICY_OPS[c.operator]} %s::numeric THEN 'y' ELSE 'n' END)",
        params,
    )


def policy_results_sql(conditions: Sequence[Any]) -> tuple[str, list[Any]]:
    if not conditions:
        return "''::text", []
    parts, params = [], []
    for c in conditions:
        sql, p = policy_condition_sql(c)
        parts.append(sql)
        params += p
    return "(" + " || ".join(parts) + ")", params


def _policy_ratios(total: int) -> list[Any]:
    """rank_score is the status weight plus the share of conditions met: the share for met = 0..total,
    exactly as `matching.rank_score` computes it (no SQL rounding); the SQL adds the weight."""
    from smedt.policies.matching import INELIGIBLE, rank_score

    return [rank_score(INELIGIBLE, met, total) for met in range(total + 1)]


def policy_match_sql(
    *, policy_id: int, policy_version: int, conditions: Sequence[Any], now: datetime
) -> tuple[int, int]:
    """Bring the policy's rows to the result over every snapshot with one INSERT … SELECT … ON CONFLICT
    that writes only the rows whose result or version changed (an update in place: no foreign-key checks,
    no new index entries for unchanged keys); rows of enterprises without a snapshot are deleted.
    Returns (rows, eligible). The caller holds the transaction. PostgreSQL (and its 信创 relatives) only:
    the caller uses the pure Python path elsewhere."""
    from smedt.policies.matching import ELIGIBLE, INELIGIBLE, MISSING, STATUS_WEIGHT

    res, res_params = policy_results_sql(conditions)
    # the fragments are built from our own constants; every value is a parameter
    sql = f"""
        WITH e AS MATERIALIZED (
            SELECT s.org_id, s.region_id, s.county_id, s.industry_section, {res} AS results
            FROM policies_enterprisesnapshot s
        ), r AS MATERIALIZED (
            SELECT e.*,
                CASE WHEN strpos(e.results, 'n') > 0 THEN %s
                     WHEN strpos(e.results, '?') > 0 THEN %s ELSE %s END AS status,
                length(e.results) - length(replace(e.results, 'y', '')) AS met
            FROM e
        ), ins AS (
            INSERT INTO policies_policymatch (
                policy_id, org_id, region_id, county_id, industry_section, status, met, total, rank_score,
                results, policy_version, computed_at
            )
            SELECT %s, r.org_id, r.region_id, r.county_id, r.industry_section, r.status, r.met, %s,
                (CASE r.status WHEN %s THEN %s WHEN %s THEN %s ELSE 0 END) + (%s::numeric[])[r.met + 1],
                r.results, %s, %s
            FROM r
            ON CONFLICT (policy_id, org_id) DO UPDATE SET
                region_id = EXCLUDED.region_id, county_id = EXCLUDED.county_id,
                industry_section = EXCLUDED.industry_section, status = EXCLUDED.status, met = EXCLUDED.met,
                total = EXCLUDED.total, rank_score = EXCLUDED.rank_score, results = EXCLUDED.results,
                policy_version = EXCLUDED.policy_version, computed_at = EXCLUDED.computed_at
            WHERE (
                policies_policymatch.region_id, policies_policymatch.county_id,
                policies_policymatch.industry_section, policies_policymatch.status, policies_policymatch.met,
                policies_policymatch.total, policies_policymatch.rank_score, policies_policymatch.results,
                policies_policymatch.policy_version
            ) IS DISTINCT FROM (
                EXCLUDED.region_id, EXCLUDED.county_id, EXCLUDED.industry_section, EXCLUDED.status,
                EXCLUDED.met, EXCLUDED.total, EXCLUDED.rank_score, EXCLUDED.results, EXCLUDED.policy_version
            )
            RETURNING 1
        )
        SELECT (SELECT count(*) FROM r), (SELECT count(*) FROM r WHERE status = %s), (SELECT count(*) FROM ins)
    """  # noqa: S608
    params = [
        *res_params,
        INELIGIBLE,
        MISSING,
        ELIGIBLE,
        policy_id,
        len(conditions),
        ELIGIBLE,
        STATUS_WEIGHT[ELIGIBLE] * 1000,
        MISSING,
        STATUS_WEIGHT[MISSING] * 1000,
        _policy_ratios(len(conditions)),
        policy_version,
        now,
        ELIGIBLE,
    ]
    with connections["default"].cursor() as cur:
        # rows of enterprises that no longer have a snapshot (no longer active) go
        cur.execute(
            "DELETE FROM policies_policymatch m WHERE m.policy_id = %s AND NOT EXISTS "
            "(SELECT 1 FROM policies_enterprisesnapshot s WHERE s.org_id = m.org_id)",
            [policy_id],
        )
        cur.execute(sql, params)
        rows, eligible, _written = cur.fetchone()
    return int(rows), int(eligible)


def policy_match_results_backfill(schema_editor: BaseDatabaseSchemaEditor) -> bool:
    """policies 0003: the compact per-condition results from the old JSON explanations in one UPDATE on
    PostgreSQL (True); False elsewhere, where the migration converts the rows in Python."""
    if schema_editor.connection.vendor != "postgresql":
        return False
    schema_editor.execute(
        """
        UPDATE policies_policymatch SET results = COALESCE((
            SELECT string_agg(
                CASE e->>'result' WHEN 'met' THEN 'y' WHEN 'unmet' THEN 'n' ELSE '?' END, '' ORDER BY n
            )
            FROM jsonb_array_elements(CASE WHEN jsonb_typeof(details) = 'array' THEN details ELSE '[]'::jsonb END)
                WITH ORDINALITY AS t(e, n)
        ), '')
        """
    )
    return True
