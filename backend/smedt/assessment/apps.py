from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "smedt.assessment"
    label = "assessment"
    verbose_name = "数字化水平评测"

    def ready(self) -> None:
        from smedt.applications.facts import register_fact_provider
        from smedt.assessment.facts import PROVIDER

        register_fact_provider(PROVIDER)
