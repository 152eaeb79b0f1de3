from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "smedt.orgs"
    label = "orgs"
    verbose_name = "组织机构"

    def ready(self) -> None:
        from smedt.orgs import services
        from smedt.orgs.review_materials import org_materials
        from smedt.reviews.materials import materials_register
        from smedt.reviews.processes import COUNTY_STEP, ReviewProcess, register_process

        register_process(
            ReviewProcess(
                key=services.ORG_VERIFICATION,
                name="注册认证",
                steps=(COUNTY_STEP,),
                model_label="orgs.organization",
                on_approved=services.on_verified,
                on_rejected=services.on_rejected,
                on_returned=services.on_returned,
                on_resubmitted=services.on_resubmitted,
                summary=services.review_summary,
                link=lambda org: f"/system/orgs?id={org.pk}",
            )
        )
        materials_register(services.ORG_VERIFICATION, org_materials)
