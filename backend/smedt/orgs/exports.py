"""Export kinds of the organizations module (``smedt.exports``)."""

from __future__ import annotations

from typing import Any

from smedt.exports.registry import ExportSource, export_register
from smedt.orgs.api.schemas import OrgFilter
from smedt.orgs.selectors import org_list, phone_masked


def organizations(user: Any, filters: Any) -> ExportSource:
    return ExportSource(
        queryset=org_list(user=user, filters=filters, action="export").select_related("region").order_by("id"),
        columns=[
            ("名称", lambda o: o.name),
            ("统一社会信用代码", lambda o: o.credit_code),
            ("类型", lambda o: o.get_kind_display()),
            ("所在区域", lambda o: o.region.name),
            ("状态", lambda o: o.get_status_display()),
            ("行业代码", lambda o: o.industry_code),
            ("联系人", lambda o: o.contact_name),
            ("联系电话", lambda o: phone_masked(o.contact_phone)),
            ("地址", lambda o: o.address),
            ("登记时间", lambda o: o.created_at),
        ],
    )


export_register("orgs", label="组织机构", params=OrgFilter, source=organizations, permission="orgs.export_org")
