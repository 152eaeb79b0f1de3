from django.apps import AppConfig


class IndustryConfig(AppConfig):
    name = "smedt.industry"
    label = "industry"
    verbose_name = "产业服务"

    def ready(self) -> None:
        from smedt.core.workspace import workspace_register
        from smedt.industry.scenario_workspace import scenario_workspace
        from smedt.industry.workspace import industry_workspace

        workspace_register("industry", industry_workspace)
        workspace_register("industry_scenarios", scenario_workspace)
