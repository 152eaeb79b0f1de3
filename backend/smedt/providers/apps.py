from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "smedt.providers"
    label = "providers"
    verbose_name = "数字化服务商"

    def ready(self) -> None:
        from smedt.applications.results import register_result_handler
        from smedt.providers import services
        from smedt.providers.review_materials import product_materials
        from smedt.providers.selection import POOL_HANDLER, POOL_HANDLER_LABEL, pool_enter, register_provider_kind
        from smedt.reviews.materials import materials_register
        from smedt.reviews.processes import CITY_STEP, ReviewProcess, register_process

        register_process(
            ReviewProcess(
                key=services.PRODUCT_PUBLICATION,
                name="产品与解决方案发布",
                steps=(CITY_STEP,),
                model_label="providers.product",
                on_approved=services.product_on_approved,
                on_rejected=services.product_on_rejected,
                on_returned=services.product_on_returned,
                on_resubmitted=services.product_on_resubmitted,
                summary=services.product_summary,
                link=lambda p: f"/providers/products/{p.pk}",
            )
        )
        register_result_handler(POOL_HANDLER, POOL_HANDLER_LABEL, pool_enter)
        register_provider_kind()
        materials_register(services.PRODUCT_PUBLICATION, product_materials)
