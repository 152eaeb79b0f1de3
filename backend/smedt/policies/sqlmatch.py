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
from smedt.policies.matching import (
    ELIGIBLE,
    INELIGIBLE,
    MISSING,
    NUMBER_RE,
    STATUS_WEIGHT,
    Condition,
    rank_score,
)

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


def _ratios(total: int) -> list[Any]:
    """rank_score is the status weight plus the share of conditions met: the share for met = 0..total,
    exactly as `matching.rank_score` computes it (no SQL rounding); the SQL adds the weight."""
    return [rank_score(INELIGIBLE, met, total) for met in range(total + 1)]


def match_policy_sql(
    *, policy_id: int, policy_version: int, conditions: Sequence[Condition], now: datetime
) -> tuple[int, int]:
    """Bring the policy's rows to the result over every snapshot with one INSERT … SELECT … ON CONFLICT
    that writes only the rows whose result or version changed (an update in place: no foreign-key checks,
    no new index entries for unchanged keys); rows of enterprises without a snapshot are deleted.
    Returns (rows, eligible). The caller holds the transaction."""
    res, res_params = results_sql(conditions)
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
        _ratios(len(conditions)),
        policy_version,
        now,
        ELIGIBLE,
    ]
    with connection.cursor() as cur:
        # rows of enterprises that no longer have a snapshot (no longer active) go
        cur.execute(
            "DELETE FROM policies_policymatch m WHERE m.policy_id = %s AND NOT EXISTS "
            "(SELECT 1 FROM policies_enterprisesnapshot s WHERE s.org_id = m.org_id)",
            [policy_id],
        )
        cur.execute(sql, params)
        rows, eligible, _written = cur.fetchone()
    return int(rows), int(eligible)
