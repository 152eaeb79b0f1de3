"""Export kind of the application engine: a campaign's submissions (``smedt.exports``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import Field

from smedt.applications import selectors as sel
from smedt.applications.models import Submission
from smedt.applications.report import _file_names, export_columns
from smedt.core.api.schema import InSchema
from smedt.core.export import Column
from smedt.exports.registry import ExportSource, export_register


class CampaignExportParams(InSchema):
    campaign_id: int = Field(ge=1, description="申报批次")


def submissions(user: Any, params: Any) -> ExportSource:
    """Every submitted application of the campaign in the user's scope, one column per template field."""
    c = sel.campaign_get(user=user, campaign_id=params.campaign_id)  # 404 out of scope
    qs = (
        Submission.objects.visible_to(user, "export")
        .filter(campaign=c)
        .exclude(status__in=["draft", "withdrawn"])
        .select_related("org", "region", "template_version")
        .order_by("-prereview_score", "id")
    )

    def columns() -> Sequence[Column]:
        # the attachment names of every row, read once (ids only in memory) before the rows are written
        return export_columns(c.template_version.schema, _file_names(qs.iterator(chunk_size=500)))

    return ExportSource(queryset=qs, columns=columns, chunk_size=500)


export_register(
    "campaign_submissions",
    label="申报汇总",
    params=CampaignExportParams,
    source=submissions,
    permission="applications.export_submission",
)
