from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "smedt.reviews"
    label = "reviews"
    verbose_name = "审核流程"

    def ready(self) -> None:
        from smedt.core.workspace import workspace_register
        from smedt.reviews.workspace import reviews_workspace

        workspace_register("reviews", reviews_workspace)
