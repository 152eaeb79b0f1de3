"""Every PDF the platform issues carries its Chinese text in an embedded CJK font (issue 11, item 1):
assessment and on-site reports, signed contracts, pilot archive summaries. The machine set up by
`make run` has the font (scripts/ensure-fonts.sh); without one the platform refuses instead of printing
empty boxes."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from smedt.accounts.models import User
from smedt.core import pdf

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[4]


def _fonts(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font") or {}
        for ref in fonts.values():
            names.add(str(ref.get_object().get("/BaseFont")))
    return names


def _text_and_fonts(data: bytes) -> tuple[str, set[str]]:
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    return "".join(p.extract_text() for p in reader.pages).replace(" ", "").replace("\n", ""), _fonts(reader)


def assert_chinese(kind: str, data: bytes, expected: tuple[str, ...]) -> None:
    text, fonts = _text_and_fonts(data)
    for s in expected:
        assert s in text, f"{kind}: “{s}” not in the text layer: {text[:300]}"
    assert len(re.findall(r"[\u4e00-\u9fff]", text)) > 30, f"{kind}: hardly any Chinese text"
    assert "\ufffd" not in text and "□" not in text, kind
    assert any("CJK" in f for f in fonts), f"{kind}: no CJK font embedded: {fonts}"


def test_every_pdf_kind_has_its_chinese_text_in_an_embedded_cjk_font(db, api):
    from smedt.assessment.models import Assessment
    from smedt.projects.models import Contract

    call_command("load_demo", "--quiet-accounts")
    city = api(User.objects.get(username="city_admin"))

    a = Assessment.objects.filter(status="submitted").select_related("org").first()
    assert a is not None, "the demo has a submitted assessment"
    res = city.get(f"/api/assessment/assessments/{a.pk}/report.pdf")
    assert res.status_code == 200, res.content[:300]
    assert_chinese("assessment report", res.content, ("中小企业数字化水平评测报告", a.org.name, "数字化基础"))

    c = Contract.objects.select_related("project__enterprise", "project__provider").first()
    assert c is not None, "the demo has a signed contract"
    res = api(User.objects.get(username="zhizao_user")).get(f"/api/projects/contracts/{c.pk}/contract.pdf")
    assert res.status_code == 200, res.content[:300]
    assert_chinese(
        "contract", res.content, ("服务合同", c.project.enterprise.name, c.project.provider.name, "汽车零部件")
    )

    from smedt.enterprises.models import PilotEnterprise

    p = PilotEnterprise.objects.select_related("org").first()
    res = city.get(f"/api/enterprises/pilots/{p.pk}/archive")
    assert res.status_code == 200, res.content[:300]
    with zipfile.ZipFile(io.BytesIO(res.content)) as zf:
        assert_chinese("archive summary", zf.read("档案摘要.pdf"), ("试点企业档案", p.org.name, "基本信息"))


def test_this_machine_has_a_chinese_font():
    assert pdf.cjk_fonts(), "install fonts-noto-cjk (make fonts)"
    assert pdf.cjk_font_check() == []


def test_make_run_installs_the_chinese_font():
    """`make run` (and `make test`) go through `install`, which runs scripts/ensure-fonts.sh."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = dict(re.findall(r"^([a-z-]+):([^\n]*)$", makefile, flags=re.M))
    assert "install" in targets["run"].split() and "fonts" in targets["install"].split()
    assert "scripts/ensure-fonts.sh" in makefile.split("\nfonts:", 1)[1].split("\n\n", 1)[0]
    script = (ROOT / "scripts" / "ensure-fonts.sh").read_text(encoding="utf-8")
    assert "fonts-noto-cjk" in script and "fc-list :lang=zh-cn" in script
