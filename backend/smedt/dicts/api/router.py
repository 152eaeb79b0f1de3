from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from smedt.core.api.auth import request_user
from smedt.core.api.schema import InSchema
from smedt.dicts import services
from smedt.dicts.models import DictItem, DictType
from smedt.rbac.services import require

router = Router(tags=["数据字典"])


class DictTypeOut(Schema):
    code: str
    name: str
    builtin: bool
    item_count: int


class DictTypeIn(InSchema):
    code: str = Field(..., max_length=64)
    name: str = Field(..., min_length=1, max_length=64)


class DictItemOut(Schema):
    id: int
    value: str
    label: str
    sort: int
    is_active: bool


class DictItemIn(InSchema):
    value: str = Field(..., min_length=1, max_length=64)
    label: str = Field(..., min_length=1, max_length=128)
    sort: int = 0


class DictItemUpdateIn(InSchema):
    label: str | None = Field(None, min_length=1, max_length=128)
    sort: int | None = None
    is_active: bool | None = None


@router.get("", response=list[DictTypeOut])
def types(request: HttpRequest) -> list[dict[str, Any]]:
    require(request_user(request), "dicts.view_dict")
    return [
        {"code": t.code, "name": t.name, "builtin": t.builtin, "item_count": t.n}
        for t in DictType.objects.annotate(n=Count("items")).order_by("code")
    ]


@router.post("", response={201: DictTypeOut})
def type_create(request: HttpRequest, payload: DictTypeIn) -> Status[dict[str, Any]]:
    t = services.dict_type_create(actor=request_user(request), code=payload.code, name=payload.name)
    return Status(201, {"code": t.code, "name": t.name, "builtin": t.builtin, "item_count": 0})


@router.get("/{code}/items", response=list[DictItemOut])
def items(request: HttpRequest, code: str) -> list[DictItem]:
    """Dictionary items are reference data every signed-in user may read (forms need them)."""
    return list(services.dict_type_get(code=code).items.order_by("sort", "id"))


@router.post("/{code}/items", response={201: DictItemOut})
def item_create(request: HttpRequest, code: str, payload: DictItemIn) -> Status[DictItem]:
    dt = services.dict_type_get(code=code)
    return Status(201, services.dict_item_create(actor=request_user(request), dict_type=dt, **payload.dict()))


@router.patch("/items/{item_id}", response=DictItemOut)
def item_update(request: HttpRequest, item_id: int, payload: DictItemUpdateIn) -> DictItem:
    return services.dict_item_update(
        actor=request_user(request), item_id=item_id, changes=payload.dict(exclude_unset=True)
    )


@router.delete("/items/{item_id}", response={204: None})
def item_delete(request: HttpRequest, item_id: int) -> Status[None]:
    services.dict_item_delete(actor=request_user(request), item_id=item_id)
    return Status(204, None)
