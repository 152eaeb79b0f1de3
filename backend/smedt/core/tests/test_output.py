"""The mirror path of response validation (core/api/output.py) gives exactly ninja's answers."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import RequestFactory
from ninja import NinjaAPI, Router, Schema
from ninja.errors import ConfigError
from pydantic import Field, field_validator

from config.api import api as app_api
from smedt.core.api import output
from smedt.core.api.pagination import Page
from smedt.core.api.refs import RegionRef


class Row(Schema):
    id: int
    name: str = Field(..., max_length=10)
    region: RegionRef
    tags: list[str] = []
    amount: Decimal
    when: dt.datetime
    note: str | None = None
    extra: dict[str, Any] = {}


class WithResolver(Schema):
    label: str

    @staticmethod
    def resolve_label(obj: Any) -> str:
        return f"<{obj['label']}>"


class WithValidator(Schema):
    label: str

    @field_validator("label")
    @classmethod
    def upper(cls, value: str) -> str:
        return value.upper()


class WithAny(Schema):
    value: Any


class Node(Schema):
    name: str
    children: list[Node] = []


def _api_with(**routes: Any) -> tuple[NinjaAPI, dict[str, Any]]:
    """A small API (one GET per response schema) with the mirror path installed; its operations by name."""
    api = NinjaAPI(urls_namespace=f"output-test-{id(routes)}")
    router = Router()
    for name, schema in routes.items():
        router.add_api_operation(f"/{name}", ["GET"], lambda request: None, response=schema, url_name=name)
    api.add_router("", router)
    output.install(api)
    ops = {op.url_name: op for op in output.operations(api)}
    return api, ops


def _both(op: Any, result: Any) -> tuple[Any, Any]:
    """(mirror path, ninja's path) for the same result, as JSON."""
    request = RequestFactory().get("/")
    fast = op._result_to_response(request, result, op.api.create_temporal_response(request))
    slow = op._result_to_response.fallback(request, result, op.api.create_temporal_response(request))
    return (fast.status_code, fast.content), (slow.status_code, slow.content)


ROW = {
    "id": 1,
    "name": "红旗企业",
    "region": {"code": "410702", "name": "红旗区", "unused": 1},
    "amount": Decimal("12.50"),
    "when": dt.datetime(2026, 12, 8, 1, 2, 3, 456789, tzinfo=dt.UTC),
    "extra": {"a": [1, Decimal("2.5")]},
    "not_in_schema": "dropped",
}


def test_a_page_of_plain_rows_is_validated_by_the_mirror_exactly_as_by_ninja():
    _, ops = _api_with(page=Page[Row])
    op = ops["page"]
    assert op._result_to_response.model is not None
    body = {"items": [ROW, {**ROW, "id": 2, "note": "备注", "tags": ["a"]}], "total": 2, "page": 1, "page_size": 20}
    fast, slow = _both(op, body)
    assert fast == slow
    data = json.loads(fast[1])
    assert data["items"][0] == {
        "id": 1,
        "name": "红旗企业",
        "region": {"code": "410702", "name": "红旗区"},
        "tags": [],
        "amount": "12.50",
        "when": "2026-12-08T01:02:03.456Z",
        "note": None,
        "extra": {"a": [1, "2.5"]},
    }
    assert data["has_next"] is False and data["next_cursor"] is None


def test_objects_with_attributes_validate_the_same():
    _, ops = _api_with(row=Row)
    region = SimpleNamespace(code="410702", name="红旗区")
    obj = SimpleNamespace(**{**ROW, "region": region})
    fast, slow = _both(ops["row"], obj)
    assert fast == slow and json.loads(fast[1])["region"] == {"code": "410702", "name": "红旗区"}


def test_what_only_ninja_converts_goes_through_ninja():
    """A callable attribute (ninja calls it) or a missing field: the mirror refuses, ninja answers."""
    _, ops = _api_with(row=Row)
    op = ops["row"]
    callable_name = {**ROW, "name": lambda: "调用所得"}
    fast, slow = _both(op, callable_name)
    assert fast == slow and json.loads(fast[1])["name"] == "调用所得"

    too_long = {**ROW, "name": "一二三四五六七八九十十一"}
    for result in (too_long, {k: v for k, v in ROW.items() if k != "amount"}):
        with pytest.raises(Exception) as fast_error:
            _both(op, result)
        assert "validation error" in str(fast_error.value).lower()


def test_schemas_the_mirror_cannot_reproduce_keep_ninjas_path():
    _, ops = _api_with(resolver=WithResolver, validator=WithValidator, tree=Node)
    for name in ("resolver", "validator", "tree"):
        assert ops[name]._result_to_response.model is None, name
    fast, slow = _both(ops["resolver"], {"label": "x"})
    assert fast == slow and json.loads(fast[1]) == {"label": "<x>"}
    fast, slow = _both(ops["validator"], {"label": "x"})
    assert fast == slow and json.loads(fast[1]) == {"label": "X"}


@pytest.mark.django_db
def test_a_field_typed_any_converts_its_value_as_ninja_does(make_org):
    """Ninja calls a callable, lists a manager or queryset and gives a file's URL before validating a
    field; where the type accepts anything the mirror must do the same."""
    from smedt.orgs.models import Organization

    _, ops = _api_with(anything=WithAny)
    op = ops["anything"]
    assert op._result_to_response.model is not None
    org = make_org("410702", name="任意企业")
    region = org.region
    for value in (
        {"a": [1, 2]},
        None,
        lambda: {"called": True},
        Organization.objects.filter(pk=org.pk).values_list("name", flat=True),
        "文本",
    ):
        fast, slow = _both(op, {"value": value})
        assert fast == slow, value
    # a related manager becomes the list of its objects (validated, before rendering)
    mirror, original = op._result_to_response.model, op.response_models[200]
    mirrored = mirror.model_validate({"response": {"value": region.organizations}}).response.value
    validated = original.model_validate({"response": {"value": region.organizations}}).response.value
    assert mirrored == validated == [org]


def test_status_results_and_unset_responses_keep_ninjas_path():
    from ninja import Status

    api = NinjaAPI(urls_namespace="output-test-status")
    router = Router()
    router.add_api_operation("/created", ["POST"], lambda request: None, response={201: Row}, url_name="created")
    router.add_api_operation("/free", ["GET"], lambda request: None, url_name="free")
    router.add_api_operation("/two", ["GET"], lambda request: None, response={200: Row, 404: Row}, url_name="two")
    api.add_router("", router)
    output.install(api)
    ops = {op.url_name: op for op in output.operations(api)}
    assert ops["free"]._result_to_response.model is None
    assert ops["created"]._result_to_response.status == 201
    fast, slow = _both(ops["created"], ROW)
    assert fast == slow and fast[0] == 201
    fast, slow = _both(ops["two"], Status(404, ROW))
    assert fast == slow and fast[0] == 404
    with pytest.raises(ConfigError):
        _both(ops["two"], Status(418, ROW))


def test_every_mirror_has_its_original_json_schema():
    """Same fields, types, constraints, defaults and nesting: the mirror validates what the original does."""
    mirrored = 0
    for op in output.operations(app_api):
        fast = op._result_to_response
        assert isinstance(fast, output.FastResponse) or op.is_async or op.stream_format is not None
        if fast.model is None:
            continue
        original = op.response_models.get(fast.status, op.response_models.get(Ellipsis))
        assert fast.model.model_json_schema() == original.model_json_schema(), op.path
        mirrored += 1
    assert mirrored >= 350


def test_the_list_envelopes_of_the_issue_are_mirrored():
    paths = {(op.path, tuple(op.methods)): op for op in output.operations(app_api)}
    for path in ("", "/profiles", "/assessments", "/records", "/todo"):
        found = [op for (p, methods), op in paths.items() if p == path and "GET" in methods]
        assert found, path
        assert all(op._result_to_response.model is not None for op in found), path


@pytest.mark.django_db
def test_a_real_list_answers_byte_for_byte_as_ninja(api, city_admin, make_org, monkeypatch):
    for i in range(3):
        make_org("410702", name=f"输出企业{i}")
    client = api(city_admin)
    fast = client.get("/api/orgs", {"page_size": 2})
    ops = [op for op in output.operations(app_api) if op.view_func.__module__ == "smedt.orgs.api.router"]
    for op in ops:
        monkeypatch.setattr(op, "_result_to_response", op._result_to_response.fallback)
    slow = client.get("/api/orgs", {"page_size": 2})
    assert fast.status_code == slow.status_code == 200
    assert fast.content == slow.content
    assert len(fast.json()["items"]) == 2 and fast.json()["next_cursor"]
