"""Every schema in the OpenAPI document has one name per Python class.

django-ninja puts every schema under its class name in `components/schemas`; two different
classes with the same name silently overwrite each other there (one endpoint then documents the
other's shape and generated clients are wrong). This walks every operation's input and output
models, nested ones included, and fails when one component name stands for two classes.
"""

from __future__ import annotations

import re
import types
import typing
from collections import defaultdict
from typing import Any

from pydantic import BaseModel

from config.api import api


def _models_in(annotation: Any, seen: set[type[BaseModel]]) -> None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:
            return
        seen.add(annotation)
        for field in annotation.model_fields.values():
            _models_in(field.annotation, seen)
        return
    origin = typing.get_origin(annotation)
    if origin is not None or isinstance(annotation, types.UnionType):
        for arg in typing.get_args(annotation):
            _models_in(arg, seen)


def _operations() -> list[Any]:
    api.urls  # noqa: B018 - binds every router to the API
    ops = []
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            ops.extend(path_view.operations)
    return ops


def component_name(model: type[BaseModel]) -> str:
    """The key pydantic (and so ninja) files a model under: its name, generics mangled."""
    return re.sub(r"[^\w.\-]", "_", model.__name__)


def reachable_models() -> set[type[BaseModel]]:
    seen: set[type[BaseModel]] = set()
    for op in _operations():
        for model in op.models:
            for field in model.model_fields.values():
                _models_in(field.annotation, seen)
        for model in op.response_models.values():
            if isinstance(model, type) and issubclass(model, BaseModel):
                for field in model.model_fields.values():
                    _models_in(field.annotation, seen)
    return seen


def test_no_two_schema_classes_share_a_component_name():
    by_name: dict[str, set[str]] = defaultdict(set)
    for model in reachable_models():
        by_name[component_name(model)].add(f"{model.__module__}.{model.__qualname__}")

    clashes = {name: sorted(classes) for name, classes in by_name.items() if len(classes) > 1}

    assert clashes == {}, f"rename one of each: {clashes}"


def test_the_walk_sees_the_components_of_the_document():
    """Guard for the test above: the names it checks are the document's component names."""
    components = set(api.get_openapi_schema()["components"]["schemas"])
    names = {component_name(m) for m in reachable_models()}

    assert components <= names | {"Input", "Output"}
    assert "MessageCountOut" in components and "StatusCountOut" in components


def test_unread_count_is_documented_with_its_own_shape():
    doc = api.get_openapi_schema()
    ok = doc["paths"]["/api/notify/unread-count"]["get"]["responses"][200]["content"]["application/json"]
    ref = ok["schema"]["$ref"].rsplit("/", 1)[-1]

    assert set(doc["components"]["schemas"][ref]["properties"]) == {"count"}
