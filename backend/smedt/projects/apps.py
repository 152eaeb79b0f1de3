from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "smedt.projects"
    label = "projects"
    verbose_name = "试点项目"

    def ready(self) -> None:
        from smedt.core.workspace import workspace_register
        from smedt.enterprises.archive import archive_part_register
        from smedt.portal.headlines import register_headline
        from smedt.projects import archive, selectors, services
        from smedt.projects.review_materials import acceptance_materials, filing_materials
        from smedt.projects.workspace import projects_workspace
        from smedt.reviews.materials import materials_register
        from smedt.reviews.processes import CITY_STEP, COUNTY_STEP, ReviewProcess, register_process

        register_process(
            ReviewProcess(
                key=services.FILING_PROCESS,
                name="改造项目备案",
                steps=(COUNTY_STEP,),
                model_label="projects.project",
                on_approved=services.filing_on_approved,
                on_rejected=services.filing_on_rejected,
                on_returned=services.filing_on_returned,
                summary=services.review_summary,
                link=lambda p: f"/projects/{p.pk}",
            )
        )
        register_process(
            ReviewProcess(
                key=services.ACCEPTANCE_PROCESS,
                name="改造项目验收",
                steps=(COUNTY_STEP, CITY_STEP),
                model_label="projects.project",
                on_approved=services.acceptance_on_approved,
                on_rejected=services.acceptance_on_rejected,
                on_returned=services.acceptance_on_returned,
                summary=services.review_summary,
                link=lambda p: f"/projects/{p.pk}",
            )
        )
        workspace_register("projects", projects_workspace)
        materials_register(services.FILING_PROCESS, filing_materials)
        materials_register(services.ACCEPTANCE_PROCESS, acceptance_materials)
        register_headline("accepted_projects", "验收通过改造项目", selectors.accepted_project_count, order=40)
        archive_part_register("projects", archive.projects_part)
        archive_part_register("results", archive.results_part)
