from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "smedt.assessment"
    label = "assessment"
    verbose_name = "数字化水平评测"

    def ready(self) -> None:
        from smedt.applications.facts import register_fact_provider
        from smedt.assessment.facts import PROVIDER
        from smedt.assessment.workspace import assessment_workspace
        from smedt.core.workspace import workspace_register

        workspace_register("assessment", assessment_workspace)
        register_fact_provider(PROVIDER)

        from smedt.assessment.analysis import SUMMARY_WIDGET, summary_cells
        from smedt.assessment.models import AnalysisEntry
        from smedt.insights.summary import register_summary

        # the city-wide 综合分析 adds up per-region cells rewritten by the insights background refresh
        register_summary(SUMMARY_WIDGET, compute=summary_cells, model=AnalysisEntry)
