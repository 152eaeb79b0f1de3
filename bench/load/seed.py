"""Seed the load-test database (PostgreSQL `smedt_bench`) at the sizes of issue 13, with COPY.

    cd backend && DATABASE_URL=postgres://postgres@127.0.0.1:5432/smedt_bench \\
        uv run --frozen python ../bench/load/seed.py [--enterprises 100000] [--assessments 1000000] \\
        [--audit 1000000] [--projects 5900] [--announcements 3000] [--search-docs 100000] [--users 1000]

`bench/load/run.sh` calls it with the environment of the load run (same keys as the server, so the
SM4-encrypted columns decrypt). Idempotent by table: a table that already holds at least the asked
number of generated rows is left alone, so an interrupted run continues where it stopped.

Rows are written with PostgreSQL COPY (psycopg 3) in one transaction per 50,000 rows; JSON payloads
come from a pool of 200 real evaluations of random answer sets (as bench/assessment does). What is
synthetic and why:
- the audit records carry a random hash chain (the list reads them; `audit/verify` would fail);
- the search index holds the 3,000 real announcements plus synthetic documents (kind 供需需求) up
  to `--search-docs`, to measure search at 100,000 documents; their `object_id`s point nowhere;
- every user has the same password (hashed once, with the production hasher and cost).
"""

from __future__ import annotations

import argparse
from array import array
import datetime as dt
import json
import os
import random
import secrets
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

BACKEND = Path(__file__).resolve().parents[2] / "backend"
sys.path.insert(0, str(BACKEND))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.serializers.json import DjangoJSONEncoder  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from smedt.accounts.models import User  # noqa: E402
from smedt.assessment.models import Assessment, AssessmentTrace, IndicatorSet  # noqa: E402
from smedt.assessment.scoring import evaluate  # noqa: E402
from smedt.assessment.selectors import indicator_set_definition  # noqa: E402
from smedt.audit.models import AuditRecord  # noqa: E402
from smedt.enterprises.models import EnterpriseProfile  # noqa: E402
from smedt.notify.models import Message  # noqa: E402
from smedt.orgs.credit_code import make_valid  # noqa: E402
from smedt.orgs.models import Organization, OrgKind, OrgStatus  # noqa: E402
from smedt.portal.models import Announcement, SearchDocument  # noqa: E402
from smedt.portal.search import token_string, tokenize  # noqa: E402
from smedt.projects.models import Project  # noqa: E402
from smedt.rbac.models import Role, RoleAssignment  # noqa: E402
from smedt.regions.models import Region, RegionLevel  # noqa: E402
from smedt.reviews.models import ReviewRequest  # noqa: E402

CITY = "410700"
PASSWORD = os.environ.get("SMEDT_BENCH_PASSWORD", "Bench-Passw0rd!2026")
DIVISIONS = ["13", "14", "17", "26", "27", "29", "30", "33", "34", "35", "36", "38", "39", "40"]
SIZES = ["medium", "small", "small", "micro", "micro", "unknown"]
CHUNK = 50_000
WORDS = [
    "数字化",
    "转型",
    "智能制造",
    "工业互联网",
    "设备联网",
    "数据采集",
    "生产管理",
    "质量追溯",
    "供应链",
    "协同",
    "云平台",
    "中小企业",
    "试点",
    "政策",
    "资金",
    "补贴",
    "申报",
    "评测",
    "诊断",
    "改造",
    "服务商",
    "解决方案",
    "能耗",
    "安全生产",
    "仓储",
    "物流",
    "销售",
    "财务",
    "研发",
    "设计",
    "新乡",
    "红旗区",
    "长垣",
    "起重",
    "装备",
    "汽车零部件",
    "医疗器械",
    "食品",
    "纺织",
    "化工",
    "电池",
    "新能源",
    "软件",
    "系统集成",
    "大数据",
]


class RawJson(str):
    """Already-serialized JSON (skips json.dumps per row)."""


def log(msg: str) -> None:
    print(f"[seed {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def copy_rows(
    model: type[models.Model], rows: Iterable[dict[str, Any]], *, label: str = "", with_id: bool = False
) -> int:
    """COPY dict rows (by attname) into the model's table; unspecified fields take the model default.

    ``with_id``: the rows carry their primary key (so a 1:1 table can be written next).
    """
    now = timezone.now()
    fields = [
        f
        for f in model._meta.concrete_fields
        if with_id or not isinstance(f, models.AutoField | models.BigAutoField)
    ]
    base: dict[str, Any] = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            base[f.attname] = now
        elif f.has_default():
            base[f.attname] = f.get_default()
        elif f.null:
            base[f.attname] = None
        elif isinstance(f, models.CharField | models.TextField):
            base[f.attname] = ""
    columns = ", ".join(f'"{f.column}"' for f in fields)
    json_fields = {f.attname for f in fields if isinstance(f, models.JSONField)}
    table = model._meta.db_table
    total = 0
    it = iter(rows)
    while True:
        n = 0
        with (
            transaction.atomic(),
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as cp,
        ):
            for row in it:
                values = []
                for f in fields:
                    v = row.get(f.attname, base.get(f.attname))
                    if f.attname in json_fields and v is not None and not isinstance(v, RawJson):
                        v = json.dumps(v, ensure_ascii=False, cls=DjangoJSONEncoder)
                    values.append(v)
                cp.write_row(values)
                n += 1
                if n >= CHUNK:
                    break
        total += n
        if n:
            log(f"{label or table}: {total:,} rows")
        if n < CHUNK:
            return total


def reset_sequence(model: type[models.Model]) -> None:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 1)) FROM {table}")  # noqa: S608


def text(rng: random.Random, words: int) -> str:
    return "".join(rng.choice(WORDS) for _ in range(words))


def seed_orgs(n: int, rng: random.Random, counties: list[Region]) -> None:
    have = Organization.objects.filter(name__startswith="压测企业").count()
    if have >= n:
        log(f"enterprises: {have:,} present")
        return

    def rows() -> Iterator[dict[str, Any]]:
        for seq in range(have, n):
            county = counties[seq % len(counties)]
            yield {
                "name": f"压测企业{seq:06d}{rng.choice(WORDS)}有限公司",
                "credit_code": make_valid(f"91{county.code}MB{seq:07d}"),
                "kind": OrgKind.ENTERPRISE,
                "region_id": county.pk,
                "status": OrgStatus.ACTIVE,
                "industry_code": f"C{rng.choice(DIVISIONS)}{rng.randint(10, 99)}",
            }

    copy_rows(Organization, rows(), label="enterprises")
    reset_sequence(Organization)
    ids = list(
        Organization.objects.filter(name__startswith="压测企业", enterprise_profile__isnull=True).values_list(
            "id", "industry_code"
        )
    )
    copy_rows(EnterpriseProfile, ({"org_id": i, "industry_code": c} for i, c in ids), label="profiles")
    reset_sequence(EnterpriseProfile)


def seed_providers(n: int, counties: list[Region]) -> list[int]:
    have = list(Organization.objects.filter(name__startswith="压测服务商").values_list("id", flat=True))
    if len(have) >= n:
        return have
    Organization.objects.bulk_create(
        Organization(
            name=f"压测服务商{seq:04d}",
            credit_code=make_valid(f"91{counties[seq % len(counties)].code}MP{seq:07d}"),
            kind=OrgKind.PROVIDER,
            region=counties[seq % len(counties)],
            status=OrgStatus.ACTIVE,
        )
        for seq in range(len(have), n)
    )
    return list(Organization.objects.filter(name__startswith="压测服务商").values_list("id", flat=True))


def seed_users(n_enterprise: int, counties: list[Region]) -> None:
    """bench_city, bench_county_<code> and bench_ent_0 … bench_ent_<n-1> (each in its own enterprise)."""
    existing = set(User.objects.filter(username__startswith="bench_").values_list("username", flat=True))
    wanted = [
        "bench_city",
        *(f"bench_county_{c.code}" for c in counties),
        *(f"bench_ent_{i}" for i in range(n_enterprise)),
    ]
    missing = [u for u in wanted if u not in existing]
    if not missing:
        log(f"users: {len(existing):,} present")
        return
    password = make_password(PASSWORD)  # the production hasher and cost, computed once
    User.objects.bulk_create(
        [User(username=u, password=password, display_name=f"压测用户{u}") for u in missing], batch_size=2000
    )
    by_name = dict(User.objects.filter(username__in=missing).values_list("username", "id"))
    city = Region.objects.get(code=CITY)
    orgs = list(Organization.objects.filter(name__startswith="压测企业").order_by("id").values_list("id", flat=True))
    roles = {r.code: r for r in Role.objects.filter(code__in=["city_admin", "county_officer", "enterprise_user"])}
    county_by_code = {c.code: c for c in counties}
    assignments = []
    for username, user_id in by_name.items():
        suffix = username.rsplit("_", 1)[1]
        if username == "bench_city":
            assignments.append(RoleAssignment(user_id=user_id, role=roles["city_admin"], region=city))
        elif username.startswith("bench_county_"):
            assignments.append(
                RoleAssignment(user_id=user_id, role=roles["county_officer"], region=county_by_code[suffix])
            )
        else:
            assignments.append(RoleAssignment(user_id=user_id, role=roles["enterprise_user"], org_id=orgs[int(suffix)]))
    RoleAssignment.objects.bulk_create(assignments, batch_size=2000)
    log(f"users: {len(missing):,} added (password from SMEDT_BENCH_PASSWORD)")


def seed_assessments(n: int, rng: random.Random) -> None:
    have = Assessment.objects.count()
    if have >= n:
        log(f"assessments: {have:,} present")
        seed_analysis_entries()
        return
    indicator_set = IndicatorSet.objects.get(code="2024-manufacturing", status="active")
    defn = indicator_set_definition(indicator_set)
    pool = []
    for _ in range(200):
        answers: dict[str, Any] = {}
        for q in defn.questions:
            answers[q.id] = rng.choice(q.options).code if q.type == "single" else [q.options[0].code]
        doc = {"answers": answers, "scenarios": {s.id: rng.choice(defn.scenario_levels) for s in defn.scenarios}}
        result = evaluate(defn, doc).to_dict()
        trimmed = {k: result[k] for k in ("total", "level", "level_name")}
        trimmed["dimensions"] = [{k: d[k] for k in ("id", "name", "score", "max_score")} for d in result["dimensions"]]
        pool.append(
            (
                RawJson(json.dumps(doc["answers"], ensure_ascii=False)),
                RawJson(json.dumps(doc["scenarios"])),
                RawJson(json.dumps(trimmed, ensure_ascii=False)),
                Decimal(result["total"]),
                result["level"],
                {d["id"]: d["score"] for d in result["dimensions"]},
            )
        )
    orgs = list(
        Organization.objects.filter(name__startswith="压测企业")
        .order_by("id")
        .values_list("id", "region_id", "industry_code")
    )
    filler = User.objects.get(username="bench_city").pk
    now = timezone.now()
    first_id = (Assessment.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    picked = array("H")  # pool index of each new row: its result goes to the trace table next

    def rows() -> Iterator[dict[str, Any]]:
        for i in range(have, n):
            org_id, region_id, industry = orgs[i % len(orgs)]
            k = rng.randrange(len(pool))
            picked.append(k)
            answers, scenarios, _result, total, level, _dims = pool[k]
            when = now - dt.timedelta(days=rng.uniform(0, 540))
            yield {
                "id": first_id + i - have,
                "org_id": org_id,
                "indicator_set_id": indicator_set.pk,
                "status": "submitted",
                "answers": answers,
                "scenarios": scenarios,
                "region_id": region_id,
                "industry_division": industry[1:3],
                "size_band": SIZES[org_id % len(SIZES)],
                "total_score": total,
                "level": level,
                "submitted_at": when,
                "progress_answered": 31,
                "progress_total": 31,
                "created_by_id": filler,
                "submitted_by_id": filler,
                "commitment": True,
                "commitment_at": when,
            }

    copy_rows(Assessment, rows(), label="assessments", with_id=True)
    reset_sequence(Assessment)
    copy_rows(
        AssessmentTrace,
        ({"owner_id": first_id + j, "data": pool[k][2]} for j, k in enumerate(picked)),
        label="assessment traces",
        with_id=True,
    )
    seed_analysis_entries()


def seed_analysis_entries() -> None:
    """The current result of every enterprise (as the submit services maintain it), derived in SQL."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO assessment_analysisentry (org_id, source, indicator_set_id, region_id, industry_division,
                size_band, submitted_at, submitted_month, total_score, level, dimension_scores, assessment_id)
            SELECT DISTINCT ON (a.org_id) a.org_id, 'self', a.indicator_set_id, a.region_id, a.industry_division,
                a.size_band, a.submitted_at, date_trunc('month', a.submitted_at AT TIME ZONE 'Asia/Shanghai')::date,
                a.total_score, a.level,
                (SELECT jsonb_object_agg(d->>'id', d->'score') FROM jsonb_array_elements(t.data->'dimensions') d),
                a.id
            FROM assessment_assessment a JOIN assessment_assessmenttrace t ON t.owner_id = a.id
            WHERE a.status = 'submitted'
            ORDER BY a.org_id, a.submitted_at DESC
            ON CONFLICT (org_id) DO NOTHING
            """
        )
        log(f"analysis entries: {cursor.rowcount:,} added")


def seed_audit(n: int, rng: random.Random, counties: list[Region]) -> None:
    have = AuditRecord.objects.count()
    if have >= n:
        log(f"audit records: {have:,} present")
        return
    actor = User.objects.get(username="bench_city").pk
    now = timezone.now()
    actions = ["orgs.org_update", "assessment.assessment_submit", "projects.project_create", "reviews.review_decide"]

    def rows() -> Iterator[dict[str, Any]]:
        prev = ""
        for i in range(have, n):
            county = counties[i % len(counties)]
            h = secrets.token_hex(32)
            yield {
                "created_at": now - dt.timedelta(seconds=(n - i) * 30),
                "actor_id": actor,
                "actor_name": "压测市级管理员",
                "action": actions[i % len(actions)],
                "target_type": "orgs.organization",
                "target_id": str(i),
                "target_repr": f"压测对象{i}",
                "region_path": county.path,
                "region_name": county.name,
                "after": RawJson('{"bench": true}'),
                "prev_hash": prev,
                "hash": h,
            }
            prev = h

    copy_rows(AuditRecord, rows(), label="audit records")
    reset_sequence(AuditRecord)


def seed_projects(n: int, rng: random.Random, providers: list[int]) -> None:
    have = Project.objects.filter(title__startswith="压测项目").count()
    if have >= n:
        log(f"projects: {have:,} present")
        return
    orgs = list(
        Organization.objects.filter(name__startswith="压测企业").order_by("id").values_list("id", "region_id")[:n]
    )
    statuses = ["pending_provider", "contracting", "diagnosing", "report_submitted", "done", "implementing", "accepted"]

    def rows() -> Iterator[dict[str, Any]]:
        for i in range(have, n):
            org_id, region_id = orgs[i % len(orgs)]
            yield {
                "kind": "diagnosis" if i % 3 else "transformation",
                "title": f"压测项目{i:05d}{rng.choice(WORDS)}",
                "enterprise_id": org_id,
                "provider_id": providers[i % len(providers)],
                "region_id": region_id,
                "amount": Decimal(rng.randint(5, 200) * 1000),
                "status": statuses[i % len(statuses)],
                "acceptance": RawJson("{}"),
                "prechecks": RawJson("[]"),
            }

    copy_rows(Project, rows(), label="projects")
    reset_sequence(Project)


def seed_portal(n_ann: int, n_docs: int, rng: random.Random) -> None:
    city = Region.objects.get(code=CITY)
    have = Announcement.objects.filter(title__startswith="压测公告").count()
    now = timezone.now()
    if have < n_ann:
        copy_rows(
            Announcement,
            (
                {
                    "category": ["policy", "news", "supply_demand"][i % 3],
                    "title": f"压测公告{i:05d}：{text(rng, 4)}",
                    "region_id": city.pk,
                    "body": f"<p>{text(rng, 60)}</p>",
                    "status": "published",
                    "published_at": now - dt.timedelta(hours=i),
                }
                for i in range(have, n_ann)
            ),
            label="announcements",
        )
        reset_sequence(Announcement)
    if SearchDocument.objects.count() >= n_docs:
        log("search documents present")
        return
    indexed = set(SearchDocument.objects.filter(kind="announcement").values_list("object_id", flat=True))
    anns = list(
        Announcement.objects.filter(title__startswith="压测公告")
        .exclude(pk__in=indexed)
        .values_list("id", "title", "body", "published_at")
    )

    bodies = [text(rng, 40) for _ in range(500)]
    body_tokens = {b: tokenize(b) for b in bodies}  # segmentation is the slow part: once per distinct body

    def doc(kind: str, object_id: int, title: str, body: str, when: dt.datetime) -> dict[str, Any]:
        tt = tokenize(title)
        bt = body_tokens[body] if body in body_tokens else tokenize(body)
        return {
            "kind": kind,
            "object_id": object_id,
            "title": title[:200],
            "text": body,
            "title_tokens": token_string(tt),
            "tokens": token_string(bt),
            "length": len(tt) + len(bt),
            "published_at": when,
        }

    start = SearchDocument.objects.filter(kind="need").count()  # never query inside a running COPY

    def rows() -> Iterator[dict[str, Any]]:
        for pk, title, body, when in anns:
            yield doc("announcement", pk, title, body.removeprefix("<p>").removesuffix("</p>"), when)
        for i in range(start, n_docs - n_ann):
            body = bodies[i % len(bodies)]
            yield doc("need", 10_000_000 + i, f"压测需求{i}：{text(rng, 4)}", body, now - dt.timedelta(minutes=i))

    copy_rows(SearchDocument, rows(), label="search documents")
    reset_sequence(SearchDocument)


def seed_reviews_and_messages(rng: random.Random, counties: list[Region]) -> None:
    if ReviewRequest.objects.filter(title__startswith="压测注册认证").exists():
        return
    ct = ContentType.objects.get_for_model(Organization)
    orgs = list(
        Organization.objects.filter(name__startswith="压测企业").order_by("-id").values_list("id", "region_id")[:3000]
    )
    now = timezone.now()
    copy_rows(
        ReviewRequest,
        (
            {
                "process_key": "org_verification",
                "content_type_id": ct.pk,
                "object_id": str(org_id),
                "title": f"压测注册认证{org_id}",
                "region_id": region_id,
                "org_id": org_id,
                "submitted_at": now - dt.timedelta(minutes=i),
            }
            for i, (org_id, region_id) in enumerate(orgs)
        ),
        label="review requests",
    )
    reset_sequence(ReviewRequest)
    users = list(User.objects.filter(username__startswith="bench_ent_").values_list("id", flat=True))
    copy_rows(
        Message,
        ({"recipient_id": u, "title": f"压测消息{j}", "body": text(rng, 20)} for u in users for j in range(20)),
        label="messages",
    )
    reset_sequence(Message)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--assessments", type=int, default=1_000_000)
    parser.add_argument("--audit", type=int, default=1_000_000)
    parser.add_argument("--projects", type=int, default=5_900)
    parser.add_argument("--announcements", type=int, default=3_000)
    parser.add_argument("--search-docs", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=1_000, help="enterprise users (bench_ent_0 …)")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("seed PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/smedt_bench")
    rng = random.Random(args.seed)  # noqa: S311 — reproducible test data
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    counties = list(
        Region.objects.filter(path__startswith=f"410000/{CITY}/", level=RegionLevel.COUNTY).order_by("code")
    )
    steps: list[tuple[str, Callable[[], None]]] = [
        ("enterprises", lambda: seed_orgs(args.enterprises, rng, counties)),
        ("users", lambda: seed_users(args.users, counties)),
        ("projects", lambda: seed_projects(args.projects, rng, seed_providers(200, counties))),
        ("portal", lambda: seed_portal(args.announcements, args.search_docs, rng)),
        ("reviews/messages", lambda: seed_reviews_and_messages(rng, counties)),
        ("audit", lambda: seed_audit(args.audit, rng, counties)),
        ("assessments", lambda: seed_assessments(args.assessments, rng)),
    ]
    for name, step in steps:
        t = time.perf_counter()
        step()
        log(f"{name} done in {time.perf_counter() - t:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log(f"seeded in {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
