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

        from smedt.industry import summary
        from smedt.industry.models import ChainMember, OperatingReport
        from smedt.industry.profiles import SUMMARY_WIDGET, summary_cells
        from smedt.industry.selectors import BENCHMARK_WIDGET, benchmark_cells
        from smedt.insights.summary import register_summary

        # 成效展示 and 线上监测 add up per-county cells rewritten by the insights background refresh, and
        # per chain / period after each report or member change (industry.summary)
        register_summary(
            summary.WIDGET,
            compute=summary.compute,
            model=ChainMember,
            compute_part=summary.compute_part,
            refresh_every=summary.refresh_every(),
        )
        # 行业画像 per chain / 细分行业 / 国民经济行业 and county, and the 对标分析's peer-group percentiles:
        # whole refreshes only, as often as the dashboard's (minutes of GROUP BYs at 100,000 enterprises)
        register_summary(
            SUMMARY_WIDGET, compute=summary_cells, model=ChainMember, refresh_every=summary.refresh_every()
        )
        register_summary(
            BENCHMARK_WIDGET, compute=benchmark_cells, model=OperatingReport, refresh_every=summary.refresh_every()
        )
