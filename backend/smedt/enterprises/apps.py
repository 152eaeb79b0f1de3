from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "smedt.enterprises"
    label = "enterprises"
    verbose_name = "企业档案与试点企业"

    def ready(self) -> None:
        from smedt.applications.facts import register_fact_provider
        from smedt.core.workspace import workspace_register
        from smedt.enterprises.facts import PROVIDER
        from smedt.enterprises.review_materials import recruitment_materials
        from smedt.enterprises.services import recruitment
        from smedt.enterprises.workspace import enterprises_workspace
        from smedt.reviews.materials import materials_register

        register_fact_provider(PROVIDER)
        from smedt.applications.kinds import register_campaign_kind
        from smedt.applications.results import register_result_handler
        from smedt.enterprises.pilot_campaign import PILOT_KIND, PILOT_KIND_LABEL, PILOT_LIBRARY, pilot_library_enter

        register_result_handler(PILOT_LIBRARY, "进入试点企业库", pilot_library_enter)
        register_campaign_kind(PILOT_KIND, PILOT_KIND_LABEL, result_handler=PILOT_LIBRARY)
        from smedt.reviews.processes import CITY_STEP, ReviewProcess, register_process

        register_process(
            ReviewProcess(
                key=recruitment.RECRUITMENT_POST,
                name="招聘信息发布",
                steps=(CITY_STEP,),
                model_label="enterprises.recruitmentpost",
                on_approved=recruitment.on_approved,
                on_rejected=recruitment.on_rejected,
                on_returned=recruitment.on_returned,
                on_resubmitted=recruitment.on_resubmitted,
                summary=recruitment.review_summary,
                link=lambda post: f"/enterprises/recruitment/{post.pk}",
            )
        )
        workspace_register("enterprises", enterprises_workspace)
        materials_register(recruitment.RECRUITMENT_POST, recruitment_materials)
