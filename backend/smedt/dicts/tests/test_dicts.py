"""Dictionaries: who may read and maintain them, validation, reference loading."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from smedt.audit.models import AuditRecord
from smedt.core.tests.helpers import assert_error, field_message
from smedt.dicts.models import DictItem, DictType
from smedt.dicts.services import dicts_load

pytestmark = pytest.mark.django_db

NON_MAINTAINERS = [
    "city_admin",
    "county_a_officer",
    "county_b_officer",
    "enterprise_a_user",
    "provider_user",
    "outsider",
]


@pytest.fixture
def dicts(reference):
    dicts_load(path=Path(settings.SMEDT_DICTS_FILE))
    return DictType.objects.get(code="provider_type")


@pytest.fixture
def item(dicts):
    return DictItem.objects.get(dict_type=dicts, value="integrator")


# --- permission matrix ------------------------------------------------------------------------------


def test_sys_admin_maintains_dictionaries(api, sys_admin, dicts):
    client = api(sys_admin)

    res = client.post("/api/dicts", {"code": "doc_type", "name": "材料类型"})
    assert res.status_code == 201, res.content
    assert res.json() == {"code": "doc_type", "name": "材料类型", "builtin": False, "item_count": 0}

    res = client.post("/api/dicts/doc_type/items", {"value": "license", "label": "营业执照", "sort": 2})
    assert res.status_code == 201, res.content
    item_id = res.json()["id"]

    res = client.patch(f"/api/dicts/items/{item_id}", {"label": "营业执照副本", "is_active": False})
    assert res.status_code == 200
    assert (res.json()["label"], res.json()["is_active"]) == ("营业执照副本", False)

    assert client.delete(f"/api/dicts/items/{item_id}").status_code == 204
    assert not DictItem.objects.filter(pk=item_id).exists()
    assert list(AuditRecord.objects.order_by("id").values_list("action", flat=True)) == [
        "dicts.type_create",
        "dicts.item_create",
        "dicts.item_update",
        "dicts.item_delete",
    ]


@pytest.mark.parametrize("persona", NON_MAINTAINERS)
def test_only_dictionary_maintainers_write(api, request, persona, dicts, item):
    client = api(request.getfixturevalue(persona))

    assert_error(client.post("/api/dicts", {"code": "doc_type", "name": "材料类型"}), 403, "permission_denied")
    assert_error(client.post("/api/dicts/provider_type/items", {"value": "v", "label": "l"}), 403, "permission_denied")
    assert_error(client.patch(f"/api/dicts/items/{item.pk}", {"label": "改"}), 403, "permission_denied")
    assert_error(client.delete(f"/api/dicts/items/{item.pk}"), 403, "permission_denied")

    assert not DictType.objects.filter(code="doc_type").exists()
    item.refresh_from_db()
    assert item.label == "综合集成型"
    assert not AuditRecord.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("sys_admin", 200),
        ("city_admin", 200),
        ("county_a_officer", 200),
        ("enterprise_a_user", 403),
        ("provider_user", 403),
        ("outsider", 403),
    ],
)
def test_listing_dictionary_types_needs_view_dict(api, request, persona, status, dicts):
    res = api(request.getfixturevalue(persona)).get("/api/dicts")
    assert res.status_code == status
    if status == 200:
        by_code = {t["code"]: t for t in res.json()}
        assert by_code["provider_type"] == {
            "code": "provider_type",
            "name": "服务商类型",
            "builtin": True,
            "item_count": 3,
        }


@pytest.mark.parametrize("persona", ["enterprise_a_user", "provider_user", "outsider", "county_b_officer"])
def test_items_are_readable_by_every_signed_in_user(api, request, persona, dicts):
    res = api(request.getfixturevalue(persona)).get("/api/dicts/provider_type/items")
    assert res.status_code == 200
    assert [i["value"] for i in res.json()] == ["integrator", "light_product", "chain_leader"]


def test_items_need_a_session_and_an_existing_dictionary(api, sys_admin, dicts):
    assert_error(api().get("/api/dicts/provider_type/items"), 401, "not_authenticated")
    assert_error(api(sys_admin).get("/api/dicts/no_such/items"), 404, "not_found")


# --- validation ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "status", "code", "field"),
    [
        ({"code": "Doc-Type", "name": "材料类型"}, 422, "dicts.invalid_code", "code"),
        ({"code": "1doc", "name": "材料类型"}, 422, "dicts.invalid_code", "code"),
        ({"code": "", "name": "材料类型"}, 422, "dicts.invalid_code", "code"),
        ({"code": "doc_type", "name": ""}, 422, "validation_error", "name"),
        ({"code": "provider_type", "name": "重复"}, 409, "dicts.exists", "code"),
    ],
)
def test_dictionary_type_validation(api, sys_admin, dicts, payload, status, code, field):
    res = api(sys_admin).post("/api/dicts", payload)
    assert_error(res, status, code)
    field_message(res, field)


def test_item_validation(api, sys_admin, dicts, item):
    client = api(sys_admin)

    res = client.post("/api/dicts/provider_type/items", {"value": "integrator", "label": "重复"})
    assert_error(res, 409, "dicts.item_exists")
    field_message(res, "value")

    body = assert_error(
        client.post("/api/dicts/provider_type/items", {"value": "   ", "label": "空白"}), 422, "dicts.required"
    )
    assert body["message"] == "值和显示名都不能为空"

    assert_error(client.post("/api/dicts/provider_type/items", {"value": "x", "label": ""}), 422, "validation_error")
    assert_error(
        client.post("/api/dicts/provider_type/items", {"value": "x", "label": "l", "sort": "first"}),
        422,
        "validation_error",
    )
    assert_error(client.post("/api/dicts/no_such/items", {"value": "x", "label": "l"}), 404, "not_found")
    assert_error(client.patch("/api/dicts/items/987654", {"label": "l"}), 404, "not_found")
    assert_error(client.delete("/api/dicts/items/987654"), 404, "not_found")
    assert_error(client.patch(f"/api/dicts/items/{item.pk}", {"label": ""}), 422, "validation_error")


def test_item_values_are_trimmed(api, sys_admin, dicts):
    res = api(sys_admin).post("/api/dicts/provider_type/items", {"value": " new_kind ", "label": " 新类型 "})
    assert (res.json()["value"], res.json()["label"]) == ("new_kind", "新类型")


# --- reference loading -----------------------------------------------------------------------------------


def test_dicts_load_is_idempotent_and_keeps_admin_edits(api, sys_admin, dicts, item):
    before = DictItem.objects.count()
    api(sys_admin).patch(f"/api/dicts/items/{item.pk}", {"label": "集成商（改）"})

    assert dicts_load(path=Path(settings.SMEDT_DICTS_FILE)) == 0

    assert DictItem.objects.count() == before
    item.refresh_from_db()
    assert item.label == "集成商（改）"
