from django.apps import AppConfig


class FundsConfig(AppConfig):
    name = "smedt.funds"
    label = "funds"
    verbose_name = "试点资金"

    def ready(self) -> None:
        from smedt.applications.facts import register_fact_provider
        from smedt.applications.results import (
            register_result_handler,
            register_result_materials,
            register_submit_check,
        )
        from smedt.enterprises.archive import archive_part_register
        from smedt.funds import facts, selectors, subsidies
        from smedt.funds.archive import funds_part
        from smedt.insights.subsidies import register_subsidy_provider

        register_fact_provider(facts.PROVIDER)
        register_result_handler(subsidies.HANDLER, "批准数字化改造补贴（承诺资金）", subsidies.on_selected)
        register_submit_check(subsidies.HANDLER, subsidies.on_submit)
        register_result_materials(subsidies.HANDLER, facts.claim_materials)
        register_subsidy_provider(selectors.subsidy_summary, enterprise_status=selectors.enterprise_status)
        archive_part_register("funds", funds_part)
