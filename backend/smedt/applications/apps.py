from typing import Any

from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "smedt.applications"
    label = "applications"
    verbose_name = "申报"

    def ready(self) -> None:
        from smedt.applications.review_materials import submission_materials
        from smedt.applications.workflow import CHAIN_CITY, CHAIN_COUNTY_CITY, CHAIN_COUNTY_CITY_FINANCE
        from smedt.applications.workspace import applications_workspace
        from smedt.core.workspace import workspace_register
        from smedt.reviews.materials import materials_register
        from smedt.reviews.processes import CITY_STEP, COUNTY_STEP, FINANCE_STEP

        workspace_register("applications", applications_workspace)
        for key, steps in (
            (CHAIN_COUNTY_CITY, (COUNTY_STEP, CITY_STEP)),
            (CHAIN_CITY, (CITY_STEP,)),
            (CHAIN_COUNTY_CITY_FINANCE, (COUNTY_STEP, CITY_STEP, FINANCE_STEP)),
        ):
            self._register(key, steps)
            materials_register(key, submission_materials)

    def _register(self, key: str, steps: tuple[Any, ...]) -> None:
        from smedt.applications.services import review
        from smedt.reviews.processes import ReviewProcess, register_process

        register_process(
            ReviewProcess(
                key=key,
                name="申报审核",
                steps=steps,
                model_label="applications.submission",
                on_approved=review.on_approved,
                on_rejected=review.on_rejected,
                on_returned=review.on_returned,
                on_resubmitted=review.on_resubmitted,
                summary=review.review_summary,
                link=lambda s: f"/applications/submissions/{s.pk}",
            )
        )
