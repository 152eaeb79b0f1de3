"""The portal's review processes, registered at start-up (see PortalConfig.ready).

Announcements: the kernel's review mechanism with one step — city content goes to the city
(CITY_STEP, process ``announcement_publication``), county content to its county (COUNTY_STEP,
process ``announcement_publication_county``). A process has a fixed list of steps, so the two
levels are two processes on the same model. Needs and offers: one city step each.
Reviewers additionally need the portal's own code (checked in the callbacks, which run inside
the decision's transaction, so a refusal rolls the decision back).
"""

from __future__ import annotations

from typing import Any

from smedt.reviews.processes import CITY_STEP, COUNTY_STEP, ReviewProcess, register_process


def _ann_summary(a: Any) -> dict[str, str]:
    from smedt.dicts.services import dict_label

    return {"栏目": dict_label("portal_category", a.category), "标题": a.title, "区域": a.region.name}


def _need_summary(n: Any) -> dict[str, str]:
    from smedt.portal.services.common import scenario_names

    scene = scenario_names().get(n.scenario_code)
    return {"企业": n.org.name, "标题": n.title, "场景": f"{n.scenario_code} {scene}" if scene else n.scenario_code}


def processes_register() -> None:
    from smedt.portal.services import announcements, supply_demand

    for key, step in (
        (announcements.ANNOUNCEMENT_CITY_PROCESS, CITY_STEP),
        (announcements.ANNOUNCEMENT_COUNTY_PROCESS, COUNTY_STEP),
    ):
        register_process(
            ReviewProcess(
                key=key,
                name="公告发布审核",
                steps=(step,),
                model_label="portal.announcement",
                on_approved=announcements.on_review_approved,
                on_rejected=announcements.on_review_returned,
                on_returned=announcements.on_review_returned,
                summary=_ann_summary,
                link=lambda a: f"/portal/announcements/{a.pk}",
            )
        )
    register_process(
        ReviewProcess(
            key=supply_demand.NEED_PROCESS,
            name="供需需求发布审核",
            steps=(CITY_STEP,),
            model_label="portal.need",
            on_approved=supply_demand.need_on_approved,
            on_rejected=supply_demand.need_on_returned,
            on_returned=supply_demand.need_on_returned,
            summary=_need_summary,
            link=lambda n: f"/portal/needs/{n.pk}",
        )
    )
    register_process(
        ReviewProcess(
            key=supply_demand.OFFER_PROCESS,
            name="供需供给发布审核",
            steps=(CITY_STEP,),
            model_label="portal.offer",
            on_approved=supply_demand.offer_on_approved,
            on_rejected=supply_demand.offer_on_returned,
            on_returned=supply_demand.offer_on_returned,
            summary=lambda o: {"服务商": o.org.name, "标题": o.title},
            link=lambda o: f"/portal/offers/{o.pk}",
        )
    )


def open_review_withdraw(*, target: Any, process_keys: list[str], actor: Any) -> None:
    """Withdraw the target's pending review, if any (the submitter or a colleague of the same org may)."""
    from django.contrib.contenttypes.models import ContentType

    from smedt.reviews import workflow as review_workflow
    from smedt.reviews.models import ReviewRequest
    from smedt.reviews.services.requests import review_withdraw

    request = (
        ReviewRequest.objects.filter(
            process_key__in=process_keys,
            content_type=ContentType.objects.get_for_model(target),
            object_id=str(target.pk),
            status=review_workflow.PENDING,
        )
        .order_by("-id")
        .first()
    )
    if request is not None:
        review_withdraw(request=request, submitted_by=actor)
