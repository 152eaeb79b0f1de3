from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "smedt.insights"
    label = "insights"
    verbose_name = "试点成效展示"

    def ready(self) -> None:
        from smedt.insights import selectors
        from smedt.portal.headlines import register_headline

        # the portal's 试点企业 figure counts the pilot library, not every registered enterprise
        register_headline("pilot_enterprises", "试点企业", selectors.pilot_enterprise_count, order=10)
