"""`InSchema`: the base of every input schema (request bodies and query filters).

Whatever a subclass declares, its fields come out bounded and clean:

- every text (`str`, also inside lists, dicts and unions) has a maximum length — the one the
  field declares (kept consistent with the model column), else `DEFAULT_TEXT_MAX_LENGTH` — and
  refuses control characters: C0 other than tab and newline (a CR/LF pair becomes LF), DEL,
  and the bidirectional overrides/isolates U+202A–U+202E and U+2066–U+2069, which can make a
  title read differently from what it is;
- every `Decimal` refuses more decimal places (and digits) than the database stores instead of
  being rounded silently: 2 places and 16 digits unless the field says otherwise;
- every `date`/`datetime` lies between 1900-01-01 and 2100-12-31.

`core/tests/test_input_bounds.py` walks the OpenAPI document and every input class to keep it so.
"""

from __future__ import annotations

import functools
import operator
import re
import types
import typing
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from annotated_types import MaxLen
from django.utils import timezone
from ninja import Schema
from pydantic import AfterValidator, Field

DEFAULT_TEXT_MAX_LENGTH = 2000
DEFAULT_DECIMAL_PLACES = 2
DEFAULT_DECIMAL_DIGITS = 16
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2100, 12, 31)

FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def clean_text(value: str) -> str:
    """The shared text check: CR/LF → LF; control and bidi-override characters refused."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if FORBIDDEN_CHARACTERS.search(value):
        raise ValueError("含有不允许的控制字符或文字方向控制符，请删除后重新提交")
    return value


def check_date(value: date) -> date:
    day = value.date() if isinstance(value, datetime) else value
    if not DATE_MIN <= day <= DATE_MAX:
        raise ValueError("日期超出允许范围（1900-01-01 至 2100-12-31）")
    return value


def check_datetime(value: datetime) -> datetime:
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    check_date(local.date())
    return value


def _has_max_length(metadata: typing.Iterable[Any]) -> bool:
    return any(isinstance(m, MaxLen) or getattr(m, "max_length", None) is not None for m in metadata)


def _has_decimal_bounds(metadata: typing.Iterable[Any]) -> bool:
    return any(getattr(m, "decimal_places", None) is not None for m in metadata)


_OURS = (clean_text, check_date, check_datetime)

# For the few parameters declared straight in a view's signature (not in an InSchema)
CodeText = Annotated[str, MaxLen(64), AfterValidator(clean_text)]


def _ours(metadata: typing.Iterable[Any]) -> bool:
    return any(isinstance(m, AfterValidator) and m.func in _OURS for m in metadata)


def _text(metadata: typing.Sequence[Any] = ()) -> Any:
    limit = () if _has_max_length(metadata) else (MaxLen(DEFAULT_TEXT_MAX_LENGTH),)
    return Annotated[(str, *metadata, *limit, AfterValidator(clean_text))]


def _bound(tp: Any, *, text_metadata: typing.Sequence[Any] = (), decimal_set: bool = False) -> Any:
    """`tp` with the bounds above applied to every str/Decimal/date/datetime inside it."""
    if tp is str:
        return _text(text_metadata)
    if tp is Decimal:
        if decimal_set:
            return tp
        return Annotated[Decimal, Field(max_digits=DEFAULT_DECIMAL_DIGITS, decimal_places=DEFAULT_DECIMAL_PLACES)]
    if tp is datetime:
        return Annotated[datetime, AfterValidator(check_datetime)]
    if tp is date:
        return Annotated[date, AfterValidator(check_date)]
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is Annotated:
        inner, metadata = args[0], tuple(tp.__metadata__)
        if _ours(metadata):
            return tp  # already bounded (an inherited field)
        if inner is str:
            return _text(metadata)
        return Annotated[(_bound(inner, decimal_set=decimal_set or _has_decimal_bounds(metadata)), *metadata)]
    if origin in (types.UnionType, typing.Union):
        return functools.reduce(
            operator.or_, [_bound(a, text_metadata=text_metadata, decimal_set=decimal_set) for a in args]
        )
    if origin in (list, set, frozenset) and len(args) == 1:
        return origin[_bound(args[0])]
    if origin is dict and len(args) == 2:
        return dict[_bound(args[0], text_metadata=(MaxLen(64),)), _bound(args[1])]  # type: ignore[misc]
    return tp


def _is_text(tp: Any) -> bool:
    """str or str | None: where the field's own constraints apply to the text itself."""
    if tp is str:
        return True
    if typing.get_origin(tp) in (types.UnionType, typing.Union):
        rest = [a for a in typing.get_args(tp) if a is not type(None)]
        return rest == [str]
    return False


class InSchema(Schema):
    """Base of every input schema; see the module docstring."""

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        changed = False
        for field in cls.__pydantic_fields__.values():
            text_metadata: list[Any] = []
            if _is_text(field.annotation) and field.metadata:
                # the field's own limits (max_length, pattern …) go into the text type, ahead of
                # the text check, so they keep their usual errors
                text_metadata, field.metadata = list(field.metadata), []
            bounded = _bound(
                field.annotation, text_metadata=text_metadata, decimal_set=_has_decimal_bounds(field.metadata)
            )
            if bounded != field.annotation:
                field.annotation = bounded
                changed = True
        if changed:
            cls.model_rebuild(force=True)


__all__ = ["DEFAULT_TEXT_MAX_LENGTH", "CodeText", "InSchema", "check_date", "clean_text"]
