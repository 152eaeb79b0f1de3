"""Matching runs: refresh the enterprises' indicator snapshots through the fact providers, evaluate a
policy version against every enterprise, and store one compact row per enterprise (status, counts and
the per-condition result string; the explanation is rendered on read). On PostgreSQL the conditions
run as SQL over the snapshot table and the rows are written by one INSERT … SELECT
(`core.dbcompat.policy_match_sql`); elsewhere (SQLite) the pure `matching` functions give the identical rows.
Idempotent: a run replaces the policy's rows with the same result however often it runs; a run of a
superseded version, a withdrawn or an expired policy stores nothing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from smedt.orgs.models import Organization, OrgKind, OrgStatus
from smedt.policies.facts import county_of, enterprise_values
from smedt.policies.matching import (
    ELIGIBLE,
    Condition,
    condition_text,
    explain,
    rank_score,
    results_of,
    status_of,
)
from smedt.policies.models import (
    EnterpriseSnapshot,
    MatchRun,
    Policy,
    PolicyCondition,
    PolicyMatch,
    PolicyStatus,
    RunStatus,
)
from smedt.regions.models import Region

BATCH = 500


def _max_age() -> timedelta:
    return timedelta(seconds=int(getattr(settings, "SMEDT_POLICY_SNAPSHOT_MAX_AGE", 600)))


def conditions_of(conds: Iterable[PolicyCondition]) -> list[Condition]:
    return [
        Condition(c.indicator, c.operator, c.threshold, tuple(c.values or ()), c.unit) for c in conds if c.confirmed
    ]


def code_names() -> dict[str, str]:
    return dict(Region.objects.values_list("code", "name"))


def snapshot_refresh(*, org: Organization, today: date | None = None) -> EnterpriseSnapshot:
    values = enterprise_values(org, today=today)
    industry = str(values.get("industry", {}).get("value") or "")
    county = county_of(org.region)
    snap, _ = EnterpriseSnapshot.objects.update_or_create(
        org=org,
        defaults={
            "region": org.region,
            "county": county,
            "industry_section": industry[:1],
            "values": values,
        },
    )
    return snap


def _enterprises() -> Any:
    return Organization.objects.filter(kind=OrgKind.ENTERPRISE, status=OrgStatus.ACTIVE).select_related("region")


def snapshots_refresh_stale(*, on_progress: Any = None) -> int:
    """Refresh every enterprise's snapshot older than the allowed age (or missing). Returns how many."""
    cutoff = timezone.now() - _max_age()
    # NOT EXISTS (an anti-join in the database; NOT IN over 100,000 ids is quadratic on PostgreSQL):
    # with fresh snapshots nothing is loaded
    fresh = EnterpriseSnapshot.objects.filter(org_id=OuterRef("pk"), refreshed_at__gte=cutoff)
    stale = list(_enterprises().filter(~Exists(fresh)))
    for i, org in enumerate(stale, 1):
        snapshot_refresh(org=org)
        if on_progress and i % 50 == 0:
            on_progress(i)
    # enterprises no longer active stop being matched
    active = Organization.objects.filter(pk=OuterRef("org_id"), kind=OrgKind.ENTERPRISE, status=OrgStatus.ACTIVE)
    EnterpriseSnapshot.objects.filter(~Exists(active)).delete()
    return len(stale)


def is_live(policy: Policy, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return policy.status == PolicyStatus.PUBLISHED and not (policy.expires_on and policy.expires_on < today)


def _row_of(
    policy_id: int,
    policy_version: int,
    snap: tuple[int, int, int | None, str, dict[str, Any]],
    conds: list[Condition],
) -> PolicyMatch:
    org_id, region_id, county_id, section, values = snap
    results = results_of(conds, values)
    status = status_of(results)
    met = results.count("y")
    return PolicyMatch(
        policy_id=policy_id,
        org_id=org_id,
        region_id=region_id,
        county_id=county_id,
        industry_section=section,
        status=status,
        met=met,
        total=len(conds),
        rank_score=rank_score(status, met, len(conds)),
        results=results,
        policy_version=policy_version,
    )


def _match_python(policy: Policy, conds: list[Condition]) -> tuple[int, int]:
    """The portable path: evaluate every snapshot in Python, bulk-insert the compact rows."""
    snaps = EnterpriseSnapshot.objects.order_by("org_id").values_list(
        "org_id", "region_id", "county_id", "industry_section", "values"
    )
    policy.matches.all().delete()
    rows = eligible = 0
    batch: list[PolicyMatch] = []
    for s in snaps.iterator(chunk_size=5000):
        row = _row_of(policy.pk, policy.version, s, conds)
        eligible += row.status == ELIGIBLE
        batch.append(row)
        if len(batch) >= BATCH:
            PolicyMatch.objects.bulk_create(batch)
            rows += len(batch)
            batch = []
    if batch:
        PolicyMatch.objects.bulk_create(batch)
        rows += len(batch)
    return rows, eligible


def match_policy(policy: Policy, conds: list[Condition], *, use_sql: bool | None = None) -> tuple[int, int]:
    """Replace the policy's rows with its conditions evaluated against every snapshot: (rows, eligible).
    `use_sql` defaults to the database (PostgreSQL: SQL); the tests force each path on the same data."""
    if use_sql is None:
        use_sql = connection.vendor == "postgresql"
    with transaction.atomic():
        if use_sql:
            from smedt.core.dbcompat import policy_match_sql

            return policy_match_sql(
                policy_id=policy.pk, policy_version=policy.version, conditions=conds, now=timezone.now()
            )
        return _match_python(policy, conds)


def match_run_execute(*, run_id: int) -> dict[str, int]:
    run = MatchRun.objects.select_related("policy").filter(pk=run_id).first()
    if run is None or run.status == RunStatus.DONE:
        return {}
    policy = run.policy
    MatchRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    if run.policy_version != policy.version or not is_live(policy):
        with transaction.atomic():
            if not is_live(policy):
                policy.matches.all().delete()
            MatchRun.objects.filter(pk=run.pk).update(
                status=RunStatus.DONE, finished_at=timezone.now(), error="已被新版本取代或政策不在有效期内"
            )
        return {"eligible": 0}
    total = _enterprises().count()
    MatchRun.objects.filter(pk=run.pk).update(total=total)
    snapshots_refresh_stale(on_progress=lambda n: MatchRun.objects.filter(pk=run.pk).update(done=min(n, total) // 2))
    conds = conditions_of(policy.conditions.all())
    _COMPILED[(policy.pk, policy.version, policy.updated_at)] = conds  # what this version's rows are read with
    with transaction.atomic():
        rows, eligible = match_policy(policy, conds)
        MatchRun.objects.filter(pk=run.pk).update(
            status=RunStatus.DONE, done=rows, total=rows, eligible=eligible, finished_at=timezone.now()
        )
    return {"eligible": eligible, "total": rows}


# (policy id, version, updated_at) → the version's confirmed conditions. A published version's conditions never
# change (a change to them is a new version: `services.policy._new_version`), so the key is its own
# invalidation: a publish or an edit bumps the version and the next read compiles the new one; withdrawn
# and expired policies drop out of the live query. Per process, bounded.
_COMPILED: dict[tuple[int, int, Any], list[Condition]] = {}
_COMPILED_MAX = 5000


def compiled_conditions(keys: Iterable[tuple[int, int, Any]]) -> dict[tuple[int, int, Any], list[Condition]]:
    """The confirmed conditions of each (policy id, version, updated_at): from this process's cache, the
    missing ones with one query."""
    keys = list(keys)
    todo = {k for k in keys if k not in _COMPILED}
    if todo:
        if len(_COMPILED) + len(todo) > _COMPILED_MAX:
            _COMPILED.clear()
        by: dict[int, list[Condition]] = {pid: [] for pid, _, _ in todo}
        confirmed = PolicyCondition.objects.filter(policy_id__in=list(by), confirmed=True)
        for c in confirmed.order_by("policy_id", "position", "id"):
            by[c.policy_id].append(Condition(c.indicator, c.operator, c.threshold, tuple(c.values or ()), c.unit))
        for k in todo:
            _COMPILED[k] = by[k[0]]
    return {k: _COMPILED[k] for k in keys}


def live_policy_conditions(today: date | None = None) -> list[tuple[int, int, list[Condition]]]:
    """Every live policy as (id, version, confirmed conditions): one small query for the live ids and
    versions, one more only for versions not compiled yet in this process."""
    today = today or timezone.localdate()
    live = list(
        Policy.objects.filter(status=PolicyStatus.PUBLISHED)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        .order_by("id")
        .values_list("id", "version", "updated_at")
    )
    compiled = compiled_conditions(live)
    return [(pid, version, compiled[(pid, version, at)]) for pid, version, at in live]


def org_rematch(*, org_id: int) -> int:
    """One enterprise's facts changed: refresh its snapshot and its rows against every live policy."""
    org = _enterprises().filter(pk=org_id).first()
    if org is None:
        return 0
    snap = snapshot_refresh(org=org)
    s = (snap.org_id, snap.region_id, snap.county_id, snap.industry_section, snap.values)
    rows = [_row_of(pid, version, s, conds) for pid, version, conds in live_policy_conditions()]
    # one upsert statement for all live policies
    with transaction.atomic():
        PolicyMatch.objects.bulk_create(
            rows,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["policy", "org"],
            update_fields=[
                "region",
                "county",
                "industry_section",
                "status",
                "met",
                "total",
                "rank_score",
                "results",
                "policy_version",
                "computed_at",
            ],
        )
    return len(rows)


def sandbox(*, policy: Policy, conditions: list[Condition], limit: int = 200) -> dict[str, Any]:
    """Who would gain or lose eligibility if `conditions` replaced the policy's confirmed ones."""
    current = conditions_of(policy.conditions.all())
    names = code_names()
    county_names = dict(Region.objects.values_list("id", "name"))
    snaps = EnterpriseSnapshot.objects.filter(region__path__startswith=policy.region.path).select_related("org")
    before = after = 0
    gained: list[dict[str, Any]] = []
    lost: list[dict[str, Any]] = []
    by_county: dict[str, list[int]] = {}
    new_texts = [condition_text(c, names) for c in conditions]
    for s in snaps.iterator(chunk_size=2000):
        was = status_of(results_of(current, s.values)) == ELIGIBLE
        now_results = results_of(conditions, s.values)
        now = status_of(now_results) == ELIGIBLE
        before += was
        after += now
        county = county_names.get(s.county_id, "未分县区") if s.county_id else "未分县区"
        counts = by_county.setdefault(county, [0, 0])
        counts[0] += was
        counts[1] += now
        row = {"org_id": s.org_id, "name": s.org.name, "county": county}
        if now and not was and len(gained) < limit:
            gained.append({**row, "details": explain(conditions, now_results, s.values, texts=new_texts)})
        if was and not now and len(lost) < limit:
            lost.append({**row, "details": explain(conditions, now_results, s.values, texts=new_texts)})
    return {
        "before": before,
        "after": after,
        "gained": gained,
        "lost": lost,
        "by_county": [{"county": k, "before": v[0], "after": v[1]} for k, v in sorted(by_county.items())],
        "enterprises": snaps.count(),
    }


def amount_key(policy: Policy) -> Decimal:
    return policy.amount_max or Decimal(0)
