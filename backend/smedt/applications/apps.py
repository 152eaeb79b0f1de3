from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "smedt.applications"
    label = "applications"
    verbose_name = "申报"

    def ready(self) -> None:
        from smedt.applications.services import review
        from smedt.reviews.processes import CITY_STEP, COUNTY_STEP, ReviewProcess, register_process

        register_process(
            ReviewProcess(
                key=review.APPLICATION_REVIEW,
                name="申报审核",
                steps=(COUNTY_STEP, CITY_STEP),
                model_label="applications.submission",
                on_approved=review.on_approved,
                on_rejected=review.on_rejected,
                on_returned=review.on_returned,
                on_resubmitted=review.on_resubmitted,
                summary=review.review_summary,
                link=lambda s: f"/applications/submissions/{s.pk}",
            )
        )
