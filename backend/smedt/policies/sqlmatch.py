"""Matching one policy against every enterprise inside PostgreSQL: each confirmed condition becomes a
CASE expression over the snapshot's JSON values giving the same y / n / ? as `matching.evaluate_one`
(exact numeric compare in the indicator's base unit, region path, industry prefix, tier rank), and the
policy's rows are written with one INSERT … SELECT. SQLite keeps the Python path in
`services.matching`; `tests/test_sqlmatch.py` checks both give the same rows on the same data."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import connection

from smedt.policies.indicators import INDICATORS, TIER_RANK, to_base
from smedt.policies.matching import ELIGIBLE, INELIGIBLE, MISSING, NUMBER_RE, Condition, rank_score

_OPS = {"gte": ">=", "gt": ">", "lte": "<=", "lt": "<", "eq": "="}


def _entry(code: str) -> str:
    # an indicator code from `INDICATORS` (lower-case identifier), inlined as a literal
    assert re.fullmatch(r"[a-z_]+", code), code
    return f"(s.\"values\" -> '{code}')"


def condition_sql(c: Condition) -> tuple[str, list[Any]]:
    """A SQL expression over the snapshot row `s` giving 'y' (met), 'n' (unmet) or '?' (missing)."""
    ind = INDICATORS[c.indicator]
    e = _entry(c.indicator)
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
        f"WHEN ({text})::numeric {_OPS[c.operator]} %s::numeric THEN 'y' ELSE 'n' END)",
        params,
    )


def results_sql(conditions: Sequence[Condition]) -> tuple[str, list[Any]]:
    if not conditions:
        return "''::text", []
    parts, params = [], []
    for c in conditions:
        sql, p = condition_sql(c)
        parts.append(sql)
        params += p
    return "(" + " || ".join(parts) + ")", params


def _rank_sql(total: int) -> tuple[str, list[Any]]:
    """rank_score from (status, met) exactly as `matching.rank_score` (a lookup, no SQL rounding)."""
    whens, params = [], []
    for status in (ELIGIBLE, MISSING, INELIGIBLE):
        for met in range(total + 1):
            whens.append("WHEN r.status = %s AND r.met = %s THEN %s::numeric")
            params += [status, met, rank_score(status, met, total)]
    return "(CASE " + " ".join(whens) + " END)", params


def match_policy_sql(
    *, policy_id: int, policy_version: int, conditions: Sequence[Condition], now: datetime
) -> tuple[int, int]:
    """Replace the policy's rows with one INSERT … SELECT over every snapshot. Returns (rows, eligible).
    The caller holds the transaction."""
    res, res_params = results_sql(conditions)
    rank, rank_params = _rank_sql(len(conditions))
    # the fragments are built from our own constants; every value is a parameter
    sql = f"""
        WITH e AS (
            SELECT s.org_id, s.region_id, s.county_id, s.industry_section, {res} AS results
            FROM policies_enterprisesnapshot s
        ), r AS (
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
            SELECT %s, r.org_id, r.region_id, r.county_id, r.industry_section, r.status, r.met, %s, {rank},
                r.results, %s, %s
            FROM r
            RETURNING status
        )
        SELECT count(*), count(*) FILTER (WHERE status = %s) FROM ins
    """  # noqa: S608
    params = [
        *res_params,
        INELIGIBLE,
        MISSING,
        ELIGIBLE,
        policy_id,
        len(conditions),
        *rank_params,
        policy_version,
        now,
        ELIGIBLE,
    ]
    with connection.cursor() as cur:
        cur.execute("DELETE FROM policies_policymatch WHERE policy_id = %s", [policy_id])
        cur.execute(sql, params)
        rows, eligible = cur.fetchone()
    return int(rows), int(eligible)
