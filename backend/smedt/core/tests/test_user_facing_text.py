"""Users read labels, never codes or developer words (issue 11, item 3).

Renders what the demo data shows to people — every PDF kind (assessment and on-site reports, signed
contracts, the pilot archive summary), the Excel exports, and the API texts meant for display (review
summaries and timelines, assessment traces and warnings, messages, provider candidates and scorecards) —
and scans them for the value of any dictionary item whose label differs from it (``auto_parts``,
``lifting_equipment``, ``integrator`` …) and for words like UNVERIFIED / INFERRED / TODO / None / null.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from smedt.accounts.models import User
from smedt.dicts.models import DictItem
from smedt.exports.testing import export_xlsx

pytestmark = pytest.mark.django_db

WORDS = ("UNVERIFIED", "INFERRED", "NOT_FOUND", "TODO", "FIXME", "None", "null", "undefined", "NaN")
# JSON keys whose string values are read by people (other keys carry codes the screens turn into labels)
DISPLAY_KEYS = {"summary", "title", "body", "message", "opinion", "note", "label", "text", "scheme_version"}


@pytest.fixture
def demo(db: Any) -> None:
    call_command("load_demo", "--quiet-accounts")


def _forbidden() -> re.Pattern[str]:
    codes = sorted(
        {v for v, label in DictItem.objects.values_list("value", "label") if v != label and len(v) > 1},
        key=len,
        reverse=True,
    )
    alternatives = "|".join(re.escape(x) for x in (*codes, *WORDS))
    return re.compile(rf"(?<![A-Za-z0-9_])({alternatives})(?![A-Za-z0-9_])")


def _scan(where: str, text: str, pattern: re.Pattern[str]) -> list[str]:
    return [
        f"{where}: “{m.group(1)}” in …{text[max(0, m.start() - 30) : m.end() + 30]}…" for m in pattern.finditer(text)
    ]


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _display_strings(value: Any, key: str = "", inside: bool = False) -> Iterator[str]:
    """String values under display keys (a summary dict: all of its values)."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _display_strings(v, k, inside or k == "summary")
    elif isinstance(value, list):
        for v in value:
            yield from _display_strings(v, key, inside)
    elif isinstance(value, str) and (inside or key in DISPLAY_KEYS):
        yield value
    elif value is None and inside:
        yield "None"  # a summary line with no value would print as None


def test_demo_pdfs_show_labels_only(demo):
    from smedt.assessment.models import Assessment, OnsiteRating
    from smedt.assessment.report import report_pdf
    from smedt.enterprises.archive import archive_build
    from smedt.enterprises.models import PilotEnterprise
    from smedt.projects.models import Contract

    pattern = _forbidden()
    problems: list[str] = []
    kinds: set[str] = set()
    for model in (Assessment, OnsiteRating):
        for a in model.objects.filter(status="submitted"):
            problems += _scan(f"{model.__name__} {a.pk} report PDF", _pdf_text(report_pdf(a)), pattern)
            kinds.add("report")
    for c in Contract.objects.all():
        problems += _scan(f"contract {c.number} PDF", _pdf_text(bytes(c.pdf)), pattern)
        kinds.add("contract")
    for p in PilotEnterprise.objects.all():
        with zipfile.ZipFile(io.BytesIO(archive_build(p))) as zf:
            for name in zf.namelist():
                problems += _scan(f"archive {p.pk} entry name", name, pattern)
                if name.endswith(".pdf") and name.count("/") == 0:
                    problems += _scan(f"archive {p.pk} {name}", _pdf_text(zf.read(name)), pattern)
                elif name.endswith(".txt"):
                    problems += _scan(f"archive {p.pk} {name}", zf.read(name).decode("utf-8"), pattern)
        kinds.add("archive")
    assert kinds == {"report", "contract", "archive"}, kinds  # the demo has every PDF kind
    assert not problems, "\n".join(problems)


EXPORTS = [
    ("city_admin", "pilots"),
    ("city_admin", "provider_pool"),
    ("city_admin", "projects"),
    ("city_admin", "orgs"),
    ("city_admin", "assessment_analysis"),
    ("sysadmin", "users"),
]


def test_demo_exports_show_labels_only(demo, api):
    from smedt.enterprises.models import PilotEnterprise

    PilotEnterprise.objects.update(level=2)  # an assessed pilot: its level reads 二级, never 2
    pattern = _forbidden()
    problems: list[str] = []
    for username, url in EXPORTS:
        rows = export_xlsx(api(User.objects.get(username=username)), url)
        assert len(rows) > 1, f"{url} exported no demo rows"
        for i, row in enumerate(rows):
            problems += _scan(f"{url} row {i}", "\t".join(str(c) for c in row if c is not None), pattern)
    assert not problems, "\n".join(problems)
    rows = export_xlsx(api(User.objects.get(username="city_admin")), "pilots")
    col = rows[0].index("数字化水平等级")
    assert {r[col] for r in rows[1:]} == {"二级"}


def test_demo_display_texts_show_labels_only(demo, api):
    from smedt.assessment.models import Assessment
    from smedt.reviews.models import ReviewRequest

    pattern = _forbidden()
    problems: list[str] = []
    city = api(User.objects.get(username="city_admin"))
    operator = api(User.objects.get(username="sysadmin"))

    def check(where: str, body: Any) -> None:
        for text in _display_strings(body):
            problems.extend(_scan(where, text, pattern))

    reviews = list(ReviewRequest.objects.values_list("pk", flat=True))
    assert reviews, "the demo has review items"
    for pk in reviews:
        for client in (
            city,
            api(User.objects.get(username="changyuan_officer")),
            api(User.objects.get(username="hongqi_officer")),
        ):
            res = client.get(f"/api/reviews/{pk}")
            if res.status_code == 200:
                check(f"review {pk}", res.json())
                break
    for a in Assessment.objects.filter(status="submitted").select_related("org"):
        member = User.objects.filter(role_assignments__org=a.org).first() or User.objects.get(username="sysadmin")
        res = api(member).get(f"/api/assessment/assessments/{a.pk}/result")
        assert res.status_code == 200, res.content[:200]
        body = res.json()
        check(f"assessment {a.pk} result", {"trace": body["trace"], "warnings": body["warnings"]})
        problems.extend(_scan(f"assessment {a.pk} result", str(body.get("level_rules_status", "")), pattern))
    for user in User.objects.all():
        check(f"messages of {user.username}", api(user).get("/api/notify/messages", {"page_size": 100}).json())
    enterprise = api(User.objects.get(username="hongqi_parts_user"))
    for c in enterprise.get("/api/projects/providers", {"page_size": 100}).json()["items"]:
        assert c["rating_grade"] != "一星" or c["rating_total"] not in (None, "0.00")
    check("provider ratings", city.get("/api/providers/ratings", {"page_size": 100}).json())
    check(
        "rating scheme",
        operator.get("/api/providers/rating-scheme").json()
        if False
        else city.get("/api/providers/rating-scheme").json(),
    )
    assert not problems, "\n".join(problems)
