"""Every input is bounded and clean: each text of every request body and query filter in the
OpenAPI document has a maximum length; every input class derives from `InSchema`; and probing
every JSON body field with a NUL, a right-to-left override, or one character too many is a 422
naming that field, with nothing written."""

from __future__ import annotations

import re
from typing import Any

import pytest

from config.api import api as ninja_api
from smedt.audit.models import AuditRecord
from smedt.core.api.schema import InSchema, clean_text
from smedt.core.tests.helpers import CJK
from smedt.core.tests.test_openapi_schema_names import _models_in, _operations

DOC = ninja_api.get_openapi_schema()
COMPONENTS = DOC["components"]["schemas"]
UNBOUNDED_FORMATS = {"date", "date-time", "uuid", "binary", "time"}


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return COMPONENTS[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _unbounded(schema: dict[str, Any], path: str, seen: frozenset[str] = frozenset()) -> list[str]:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        if name in seen:
            return []
        seen, schema = seen | {name}, COMPONENTS[name]
    found: list[str] = []
    alternatives = schema.get("anyOf", []) + schema.get("oneOf", []) + schema.get("allOf", [])
    is_decimal = any(a.get("type") == "number" for a in alternatives) and any(
        a.get("type") == "string" for a in alternatives
    )
    for alt in alternatives:
        if is_decimal and alt.get("type") == "string":
            continue  # a Decimal given as text: bounded by its digits (see test_decimals_*)
        found += _unbounded(alt, path, seen)
    kind = schema.get("type")
    if kind == "string":
        if (
            "maxLength" not in schema
            and "enum" not in schema
            and "const" not in schema
            and schema.get("format") not in UNBOUNDED_FORMATS
        ):
            found.append(path)
    elif kind == "array" and "items" in schema:
        found += _unbounded(schema["items"], path + "[]", seen)
    elif kind == "object":
        for name, prop in schema.get("properties", {}).items():
            found += _unbounded(prop, f"{path}.{name}", seen)
        if isinstance(schema.get("additionalProperties"), dict):
            found += _unbounded(schema["additionalProperties"], path + "{}", seen)
        if isinstance(schema.get("propertyNames"), dict):
            found += _unbounded({"type": "string", **schema["propertyNames"]}, path + "{key}", seen)
    return found


def _inputs():
    for path, item in DOC["paths"].items():
        for method, op in item.items():
            yield path, method, op


def test_every_text_input_in_the_openapi_document_has_a_max_length():
    unbounded = []
    for path, method, op in _inputs():
        for param in op.get("parameters", []):
            if param["in"] != "path":  # path segments are bounded by the URL router
                unbounded += _unbounded(param.get("schema", {}), f"{method.upper()} {path} ?{param['name']}")
        for content in op.get("requestBody", {}).get("content", {}).values():
            unbounded += _unbounded(content["schema"], f"{method.upper()} {path} body")

    assert unbounded == []


def test_every_input_class_is_an_in_schema():
    models: set[type] = set()
    for op in _operations():
        for model in op.models:
            for field in model.model_fields.values():
                _models_in(field.annotation, models)

    assert sorted(m.__qualname__ for m in models if not issubclass(m, InSchema)) == []


@pytest.mark.parametrize("value", ["a\x00b", "a\u202eb", "a\u2066b", "a\x1bb", "a\x7fb", "a\u202ab"])
def test_the_shared_text_check_refuses(value):
    with pytest.raises(ValueError, match="控制字符"):
        clean_text(value)


def test_the_shared_text_check_keeps_tabs_and_newlines():
    assert clean_text("第一行\r\n第二行\t末尾\r") == "第一行\n第二行\t末尾\n"


# --- probes: every JSON body field, with a NUL, an RTL override, and one character too many --------------


def _json_operations():
    for path, method, op in _inputs():
        content = op.get("requestBody", {}).get("content", {})
        if "application/json" not in content:
            continue
        schema = _resolve(content["application/json"]["schema"])
        texts = {}
        for name, prop in schema.get("properties", {}).items():
            prop = _resolve(prop)
            options = [prop, *prop.get("anyOf", [])]
            text = next((o for o in options if o.get("type") == "string" and "maxLength" in o), None)
            if text is not None and "enum" not in text and "pattern" not in text:
                texts[name] = (text.get("minLength", 0), text["maxLength"])
        if texts:
            url = re.sub(r"\{[^}]*(id|year)\}", "1", path)
            url = re.sub(r"\{[^}]+\}", "x", url)
            yield method, url, texts


JSON_OPERATIONS = list(_json_operations())


def test_the_probe_covers_the_api():
    assert len(JSON_OPERATIONS) > 60


def _value(kind: str, shortest: int, longest: int) -> str:
    """A value of an allowed length carrying the bad character, or one character too long."""
    if kind == "too-long":
        return "长" * (longest + 1)
    filler = "长" * max(0, shortest - 1)
    return filler + ("\x00" if kind == "nul" else "\u202e")


@pytest.mark.parametrize(
    ("kind", "message"),
    [("nul", "控制字符"), ("rtl-override", "控制字符"), ("too-long", "长度超出限制")],
)
def test_every_json_text_field_refuses_bad_input_and_nothing_is_written(api, sys_admin, kind, message):
    client = api(sys_admin)
    before = AuditRecord.objects.count()
    missed = []
    for method, url, texts in JSON_OPERATIONS:
        body = {name: _value(kind, *limits) for name, limits in texts.items()}
        res = getattr(client, method)(url, body)
        if res.status_code != 422:
            missed.append((method, url, res.status_code))
            continue
        fields = res.json()["details"]["fields"]
        for name in texts:
            if message not in fields.get(name, "") or not CJK.search(fields[name]):
                missed.append((method, url, name, fields.get(name)))

    assert missed == []
    assert AuditRecord.objects.count() == before


# --- limits agree with the columns: an input longer than its column is a 500 on PostgreSQL ----------------

# inputs that are transformed before they are stored (hashed, normalised), so may be longer
NOT_STORED_AS_GIVEN = {
    ("LoginIn", "password"): "hashed, never stored",
    ("OrgCreateIn", "credit_code"): "spaces removed and upper-cased to 18 characters before saving",
    ("OrgRegisterIn", "credit_code"): "spaces removed and upper-cased to 18 characters before saving",
    ("ScenarioNeedIn", "title"): "stored by portal.need_create as the need's title (portal, 200 characters)",
}


def _text_limit(annotation: Any) -> int | None:
    import typing

    from annotated_types import MaxLen

    if typing.get_origin(annotation) is typing.Annotated and typing.get_args(annotation)[0] is str:
        return min((m.max_length for m in annotation.__metadata__ if isinstance(m, MaxLen)), default=None)
    for arg in typing.get_args(annotation):
        found = _text_limit(arg)
        if found:
            return found
    return None


def test_no_text_input_is_longer_than_every_column_of_that_name_in_its_app():
    from django.apps import apps
    from django.db import models

    classes: set[type] = set()
    for op in _operations():
        for model in op.models:
            for field in model.model_fields.values():
                _models_in(field.annotation, classes)
    too_long = []
    for cls in classes:
        app = cls.__module__.split(".")[1]
        columns: dict[str, list[int]] = {}
        unbounded: set[str] = set()  # a TextField of that name stores any length the input allows
        for model in apps.get_app_config(app).get_models():
            for f in model._meta.get_fields():
                if isinstance(f, models.CharField) and not f.choices:
                    columns.setdefault(f.name, []).append(int(f.max_length or 0))
                elif isinstance(f, models.TextField):
                    unbounded.add(f.name)
        for name, field in cls.model_fields.items():
            limit = _text_limit(field.annotation)
            if (
                limit
                and name in columns
                and name not in unbounded
                and limit > max(columns[name])
                and (cls.__name__, name) not in NOT_STORED_AS_GIVEN
            ):
                too_long.append((cls.__name__, name, limit, max(columns[name])))

    assert sorted(too_long) == []
