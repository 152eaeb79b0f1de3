from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from smedt.rbac.grants import Grant
from smedt.rbac.querysets import ScopedQuerySet

if TYPE_CHECKING:
    from smedt.files.models import Attachment  # noqa: F401


class AttachmentQuerySet(ScopedQuerySet["Attachment"]):
    """An attachment belongs to the region it was filed in, or to its organization's region."""

    region_path_field = "region__path"
    org_field = "org_id"
    action_permissions = {"view": "files.view_file"}

    def scope_q(self, grant: Grant) -> Q | None:
        q = super().scope_q(grant)
        if q is None:
            return None
        for path in sorted(grant.region_paths):
            q |= Q(org__region__path__startswith=path)
        return q

    def extra_visibility(self, user: Any, action: str) -> Q | None:
        return Q(uploaded_by_id=user.pk)
