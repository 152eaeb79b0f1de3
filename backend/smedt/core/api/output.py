"""Response validation without ninja's per-object getter (issue 13: the fixed cost of every answer).

ninja validates every answer against the operation's response schema, and its `Schema` base wraps
each object it validates — the page envelope, every row, every nested reference — in a `DjangoGetter`
that looks each field up in Python (resolvers, callables, managers, files). Our endpoints build their
answers as plain dicts (the selectors' row functions) for schemas with no resolvers and no validators,
so that work is pure overhead: ≈ 1 µs per field, thousands of fields per list page.

`install(api)` gives every bound synchronous operation a *mirror* of its response schema: the same
fields (types, defaults, constraints, aliases, nested models mirrored too) on a plain pydantic
`BaseModel`, validated entirely inside pydantic-core. The answer is then dumped with the operation's
own options and rendered by the API's renderer, exactly as ninja does. The mirror is only a faster way
to run the same validation:

* the OpenAPI document is generated from the original schemas (untouched); `tests/test_output.py`
  proves each mirror's JSON schema identical to its original;
* a schema the mirror cannot reproduce exactly is not mirrored (its operation keeps ninja's path):
  ninja resolvers (`resolve_*`), validators or serializers, forward or self references; a field typed
  `Any` at its top level converts its value as ninja does (`ninja_value`: managers and querysets to
  lists, callables called, files to their URL);
* an answer the mirror refuses (a callable, a manager, a file field, a missing field …) goes through
  ninja's own path, which converts it or raises its usual error; `HttpResponse`, `Status`, tuples and
  pydantic instances always do.
"""

from __future__ import annotations

import functools
import operator
import types
import typing
from copy import copy
from typing import Annotated, Any, ForwardRef, Literal, TypeVar

from django.db.models import Manager, QuerySet
from django.db.models.fields.files import FieldFile
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from ninja import NinjaAPI
from ninja.constants import NOT_SET
from ninja.responses import Status
from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, create_model


class _Decline(Exception):
    """The schema cannot be mirrored exactly; its operation keeps ninja's validation."""


_MIRRORS: dict[type[BaseModel], type[BaseModel] | None] = {}


def mirror_model(cls: type[BaseModel]) -> type[BaseModel] | None:
    """The plain-pydantic mirror of `cls` (memoized), or None when it cannot be made exactly."""
    if cls in _MIRRORS:
        return _MIRRORS[cls]
    _MIRRORS[cls] = None  # a model that refers to itself (while being built) declines
    try:
        built: type[BaseModel] | None = _build(cls)
    except _Decline:
        built = None
    _MIRRORS[cls] = built
    return built


def _build(cls: type[BaseModel]) -> type[BaseModel]:
    decorators = cls.__pydantic_decorators__
    # ninja's own root validator (the DjangoGetter) is the one thing the mirror leaves out
    model_validators = [name for name in decorators.model_validators if name != "_run_root_validator"]
    if (
        model_validators
        or decorators.validators
        or decorators.field_validators
        or decorators.root_validators
        or decorators.field_serializers
        or decorators.model_serializers
        or decorators.computed_fields
        or getattr(cls, "_ninja_resolvers", None)
        or cls.__pydantic_root_model__
        or cls.__private_attributes__
    ):
        raise _Decline(cls.__name__)
    fields: dict[str, Any] = {}
    for name, info in cls.model_fields.items():
        mirrored = copy(info)
        mirrored.annotation = _mirror_type(info.annotation, top=True)
        fields[name] = (mirrored.annotation, mirrored)
    config = ConfigDict(**{**cls.model_config, "from_attributes": True})
    model: type[BaseModel] = create_model(
        cls.__name__, __config__=config, __doc__=cls.__doc__, __module__=cls.__module__, **fields
    )
    return model


def ninja_value(value: Any) -> Any:
    """What ninja's `DjangoGetter` makes of a field's value before validating it (its `_convert_result`):
    a manager or queryset becomes a list, a callable is called, a file field becomes its URL. For typed
    fields the mirror refuses such values (and ninja's path takes them); a field typed `Any` accepts
    anything, so there the mirror converts them the same way."""
    if isinstance(value, Manager):
        return list(value.all())
    if isinstance(value, QuerySet):
        return list(value)
    if callable(value):
        return value()
    if isinstance(value, FieldFile):
        return value.url if value else None
    return value


NinjaAny = Annotated[Any, BeforeValidator(ninja_value)]


def _mirror_type(tp: Any, *, top: bool = False) -> Any:
    if tp is Any:
        # a top-level field typed Any: ninja converts its value (managers, callables, files) first
        return NinjaAny if top else tp
    if tp is object:
        if top:
            raise _Decline("object")
        return tp
    if isinstance(tp, (str, ForwardRef, TypeVar)):
        raise _Decline(str(tp))
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        mirrored = mirror_model(tp)
        if mirrored is None:
            raise _Decline(tp.__name__)
        return mirrored
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is None or not args or origin is Literal:
        return tp
    if origin is Annotated:
        return Annotated[(_mirror_type(args[0], top=top), *tp.__metadata__)]
    if origin in (types.UnionType, typing.Union):
        return functools.reduce(operator.or_, [_mirror_type(a, top=top) for a in args])
    new_args = tuple(a if a is Ellipsis else _mirror_type(a) for a in args)
    if new_args == args:
        return tp
    return origin[new_args]


class FastResponse:
    """An operation's `_result_to_response` that validates through the mirror when it can."""

    def __init__(self, operation: Any) -> None:
        self.operation = operation
        self.fallback = operation._result_to_response
        models = operation.response_models
        self.status = next(iter(models)) if len(models) == 1 else 200
        model = models.get(self.status, models.get(Ellipsis))
        self.model = mirror_model(model) if isinstance(model, type) and issubclass(model, BaseModel) else None
        if model is NOT_SET or model is None:
            self.model = None

    def __call__(self, request: HttpRequest, result: Any, temporal_response: Any) -> HttpResponseBase:
        if self.model is None or isinstance(result, (HttpResponseBase, Status, tuple, BaseModel)):
            return self.fallback(request, result, temporal_response)  # type: ignore[no-any-return]
        try:
            validated = self.model.model_validate({"response": result})
        except ValidationError:
            # not plain data (a callable, a manager, a file …) or invalid: ninja converts it or raises
            return self.fallback(request, result, temporal_response)  # type: ignore[no-any-return]
        op = self.operation
        temporal_response.status_code = self.status
        data = validated.model_dump(
            by_alias=op.by_alias,
            exclude_unset=op.exclude_unset,
            exclude_defaults=op.exclude_defaults,
            exclude_none=op.exclude_none,
        )["response"]
        return op.api.create_response(request, data, temporal_response=temporal_response)  # type: ignore[no-any-return]


def operations(api: NinjaAPI) -> list[Any]:
    """Every operation as the URLs serve it (ninja binds a clone of each router's operations)."""
    return [
        op
        for bound in api._get_bound_routers()
        for path_view in bound.path_operations.values()
        for op in path_view.operations
    ]


def install(api: NinjaAPI) -> None:
    """Give every synchronous, non-streaming operation of `api` the mirror path (call once, after the
    last `add_router`)."""
    for op in operations(api):
        if op.is_async or op.stream_format is not None or isinstance(op._result_to_response, FastResponse):
            continue
        op._result_to_response = FastResponse(op)
