from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "smedt.providers"
    label = "providers"
    verbose_name = "数字化服务商"

    def ready(self) -> None:
        from smedt.core.workspace import workspace_register
        from smedt.providers import services
        from smedt.providers.review_materials import application_materials, product_materials
        from smedt.providers.workspace import providers_workspace
        from smedt.reviews.materials import materials_register
        from smedt.reviews.processes import CITY_STEP, ReviewProcess, register_process

        register_process(
            ReviewProcess(
                key=services.PROVIDER_SELECTION,
                name="服务商遴选",
                steps=(services.EXPERT_STEP, CITY_STEP),
                model_label="providers.providerapplication",
                on_approved=services.on_approved,
                on_rejected=services.on_rejected,
                on_returned=services.on_returned,
                on_resubmitted=services.on_resubmitted,
                summary=services.review_summary,
                link=lambda app: f"/providers/applications/{app.pk}",
            )
        )
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
        workspace_register("providers", providers_workspace)
        materials_register(services.PROVIDER_SELECTION, application_materials)
        materials_register(services.PRODUCT_PUBLICATION, product_materials)
