from django.apps import AppConfig


class CultivationConfig(AppConfig):
    name = "smedt.cultivation"
    label = "cultivation"
    verbose_name = "优质中小企业梯度培育"

    def ready(self) -> None:
        from smedt.applications.facts import register_fact_provider
        from smedt.cultivation.facts import PROVIDER
        from smedt.cultivation.tasks import on_facts_changed
        from smedt.enterprises.services.facts import facts_changed_subscribe

        facts_changed_subscribe(on_facts_changed)

        from smedt.cultivation.campaigns import register

        register()  # applications: fact providers, the criteria scorer, the recognition result handler
        register_fact_provider(PROVIDER)
