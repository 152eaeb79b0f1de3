from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from smedt.rbac.querysets import ScopedQuerySet

if TYPE_CHECKING:
    from smedt.files.models import Attachment  # noqa: F401


class AttachmentQuerySet(ScopedQuerySet["Attachment"]):
    region_path_field = "region__path"
    org_field = "org_id"
    action_permissions = {"view": "files.view_file"}

    def extra_visibility(self, user: Any, action: str) -> Q | None:
        return Q(uploaded_by_id=user.pk)
