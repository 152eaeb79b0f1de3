"""Demo data for 产业链场景库 (idempotent): the seed scenarios, three of them checked and published by the city;
self-assessments of two 起重装备 members that score low on 质量管理 / 设备管理 (so the aggregate finds candidate
problems); 汽车零部件·主机厂订单协同 published, so the portal demo's open 排程 need of 红旗汽配 (S05) reports it
and providers see unmet demand; one aggregate run. Raising a need from a scenario is left to the demo user."""

from __future__ import annotations

from django.db import transaction

from smedt.accounts.models import User
from smedt.industry import scenarios
from smedt.industry.config import chains_data
from smedt.industry.models import ChainMember
from smedt.industry.scenario_models import Scenario, ScenarioRun, ScenarioStatus
from smedt.orgs.models import Organization
from smedt.regions.models import Region

PUBLISH = [("lifting_equipment", "weld_quality_trace"), ("lifting_equipment", "remote_maintenance")]
PUBLISH_INFERRED = [
    ("auto_parts", "equipment_oee"),
    ("auto_parts", "supplier_collaboration"),
]  # published as shipped: still marked 推断
# enterprise → scene levels that differ from 二级 (low ones become candidate problems)
LOW_SCENES = {
    "长垣豫起机械有限公司": {"S07": 0, "S08": 1},
    "长垣恒达起重部件有限公司": {"S07": 1, "S08": 0, "S05": 1},
}


def _assess(org: Organization, levels: dict[str, int]) -> None:
    from smedt.assessment.demo import demo_document
    from smedt.assessment.models import Assessment, AssessmentStatus
    from smedt.assessment.selectors import indicator_set_definition
    from smedt.assessment.services.analysis_entries import analysis_entry_refresh
    from smedt.assessment.services.assessments import assessment_save_draft, assessment_start, assessment_submit
    from smedt.rbac.models import RoleAssignment

    if Assessment.objects.filter(org=org, status=AssessmentStatus.SUBMITTED).exists():
        return
    ra = RoleAssignment.objects.filter(org=org, role__code="enterprise_user").select_related("user").first()
    if ra is None:
        return
    draft, _ = assessment_start(actor=ra.user, org_id=org.pk, size_band="small")
    doc = demo_document(indicator_set_definition(draft.indicator_set), ("foundation",), 2)
    doc["scenarios"].update(levels)
    draft = assessment_save_draft(actor=ra.user, assessment=draft, patch=doc)
    assessment_submit(actor=ra.user, assessment=draft, commitment=True)
    analysis_entry_refresh(org_id=org.pk)


@transaction.atomic
def scenario_demo_load() -> int:
    """Returns the number of seed scenarios created (0 when the demo ran already)."""
    created = scenarios.scenarios_load()
    city_admin = User.objects.filter(username="city_admin").first()
    if city_admin is None or not ChainMember.objects.exists() or ScenarioRun.objects.exists():
        return created
    for chain_code, code in PUBLISH:
        s = Scenario.objects.filter(chain__code=chain_code, code=code).first()
        if s is not None:
            scenarios.scenario_update(actor=city_admin, scenario=s, changes={"status": ScenarioStatus.PUBLISHED})
    Scenario.objects.filter(
        chain__code__in=[c for c, _ in PUBLISH_INFERRED], code__in=[s for _, s in PUBLISH_INFERRED]
    ).update(status=ScenarioStatus.PUBLISHED)
    for name, levels in LOW_SCENES.items():
        org = Organization.objects.filter(name=name).first()
        if org is not None:
            _assess(org, levels)
    region = Region.objects.filter(code=str(chains_data()["region"])).first()
    if region is not None:
        run = ScenarioRun.objects.create(region=region, created_by=city_admin)
        scenarios.run_execute(run_id=run.pk)  # the demo computes it at once; the page starts it as a task
    return created
