"""Excel export: values rendered for people (local time, 是/否, JSON), and text never becomes a formula."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from openpyxl import load_workbook

from conftest import credit_code_for
from smedt.core.export import xlsx_response
from smedt.core.tests.helpers import solve_captcha, xlsx_rows

FORMULA = '=HYPERLINK("http://evil.example/steal","点击查看")'


def _cells(response):
    data = b"".join(response.streaming_content)
    return [list(row) for row in load_workbook(io.BytesIO(data)).worksheets[0].iter_rows()]


def test_values_are_rendered_for_people(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    rows = [
        {"t": datetime(2026, 1, 1, 0, 30, tzinfo=UTC), "b": True, "n": None, "j": {"名称": "甲", "数": [1, 2]}, "i": 7}
    ]

    res = xlsx_response(
        filename="测试导出",
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

    assert xlsx_rows(res) == [
        ("时间", "是否", "空", "变更", "数量"),
        ("2026-01-01 08:30:00", "是", None, '{"名称": "甲", "数": [1, 2]}', 7),
    ]
    assert f"filename*=UTF-8''{quote('测试导出-')}" in res["Content-Disposition"]


def test_rows_are_consumed_lazily_from_an_iterator():
    res = xlsx_response(filename="x", sheet="x", columns=[("n", lambda r: r)], rows=iter(range(1000)))
    rows = xlsx_rows(res)
    assert len(rows) == 1001 and rows[-1] == (999,)


def test_text_that_looks_like_a_formula_stays_text():
    res = xlsx_response(filename="x", sheet="x", columns=[("名称", lambda r: r)], rows=[FORMULA])

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

    # when the city administrator exports the organizations
    cells = _cells(api(city_admin).get("/api/orgs/export"))

    # then the name is plain text in the workbook
    [name] = [row[0] for row in cells[1:] if str(row[0].value).startswith("=")]
    assert name.data_type == "s"
