"""my_actions: what each persona may do in each state (workflow × party × permission), and scope."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from smedt.projects.models import Contract, ContractSignature, LogEntry, Project

pytestmark = pytest.mark.django_db

IMPL_ENT = ["add_milestone", "finish_milestone", "add_log", "add_investment"]
IMPL_PROV = ["add_milestone", "finish_milestone", "add_log"]

# (kind, status, enterprise's actions, provider's actions)
TABLE = [
    ("diagnosis", "pending_provider", ["cancel"], ["confirm", "decline"]),
    ("diagnosis", "contracting", ["sign_contract", "render_contract"], ["sign_contract", "render_contract"]),
    ("diagnosis", "diagnosing", [], ["submit_report", "edit_findings"]),
    ("diagnosis", "report_submitted", ["confirm_report", "return_report"], ["edit_findings"]),
    ("diagnosis", "done", ["rate_provider"], []),
    ("diagnosis", "declined", [], []),
    ("diagnosis", "cancelled", [], []),
    ("transformation", "pending_provider", ["cancel"], ["confirm", "decline"]),
    ("transformation", "signed", ["submit_filing", "add_milestone"], ["add_milestone"]),
    ("transformation", "filing_review", [], []),
    ("transformation", "filing_returned", ["resubmit_filing", "add_milestone"], ["add_milestone"]),
    ("transformation", "filing_rejected", [], []),
    ("transformation", "implementing", [*IMPL_ENT[:2], "add_log", "add_investment", "complete"], IMPL_PROV),
    ("transformation", "completed", [*IMPL_ENT, "apply_acceptance"], IMPL_PROV),
    ("transformation", "acceptance_review", [], []),
    ("transformation", "rectifying", [*IMPL_ENT, "resubmit_acceptance"], IMPL_PROV),
    ("transformation", "accepted", ["rate_provider"], []),
    ("transformation", "acceptance_rejected", [], []),
]


def _project(world: Any, provider_org: Any, kind: str, status: str) -> Project:
    org = world["pilot"].org
    p = Project.objects.create(
        kind=kind, title="矩阵项目", enterprise=org, provider=provider_org, region=org.region,
        amount=Decimal("1000.00"), status=status,
    )  # fmt: skip
    if status == "contracting":
        Contract.objects.create(
            project=p, number=f"HT{p.pk}", pdf=b"%PDF", digest="0" * 64, size=4, rendered_at=p.created_at
        )
    return p


@pytest.mark.parametrize(("kind", "status", "ent", "prov"), TABLE)
def test_my_actions_per_state_and_party(
    api: Any, world: Any, provider_org: Any, county_a_officer: Any, city_admin: Any,
    kind: str, status: str, ent: list[str], prov: list[str],
) -> None:  # fmt: skip
    p = _project(world, provider_org, kind, status)
    assert sorted(api(world["enterprise"]).get(f"/api/projects/{p.pk}").json()["my_actions"]) == sorted(ent)
    assert sorted(api(world["provider"]).get(f"/api/projects/{p.pk}").json()["my_actions"]) == sorted(prov)
    # government follows without being a step: no party action
    for gov in (county_a_officer, city_admin):
        assert api(gov).get(f"/api/projects/{p.pk}").json()["my_actions"] == []


def test_my_actions_follow_the_signatures(api: Any, world: Any, provider_org: Any) -> None:
    p = _project(world, provider_org, "diagnosis", "contracting")
    contract = Contract.objects.get(project=p)
    ContractSignature.objects.create(
        contract=contract, org=p.enterprise, party="enterprise", signer_name="x", public_key="04", signature="00",
        signed_at=p.created_at,
    )  # fmt: skip
    assert api(world["enterprise"]).get(f"/api/projects/{p.pk}").json()["my_actions"] == []
    assert api(world["provider"]).get(f"/api/projects/{p.pk}").json()["my_actions"] == ["sign_contract"]


def test_county_decides_pending_major_changes_only_in_its_region(
    api: Any, world: Any, provider_org: Any, county_a_officer: Any, county_b_officer: Any
) -> None:
    p = _project(world, provider_org, "transformation", "implementing")
    LogEntry.objects.create(project=p, org=p.enterprise, content="变更", is_major_change=True, change_status="pending")
    assert api(county_a_officer).get(f"/api/projects/{p.pk}").json()["my_actions"] == ["decide_change"]
    assert "decide_change" not in api(world["enterprise"]).get(f"/api/projects/{p.pk}").json()["my_actions"]
    assert api(county_b_officer).get(f"/api/projects/{p.pk}").status_code == 404


def test_other_parties_cannot_see_or_act(
    api: Any, world: Any, provider_org: Any, enterprise_b_user: Any, make_org: Any, make_user: Any
) -> None:
    from smedt.orgs.models import OrgKind

    other_provider = make_user("other_provider", "provider_user", org=make_org("410771", kind=OrgKind.PROVIDER))
    p = _project(world, provider_org, "diagnosis", "pending_provider")
    for user in (enterprise_b_user, other_provider):
        assert api(user).get(f"/api/projects/{p.pk}").status_code == 404
        assert api(user).post(f"/api/projects/{p.pk}/actions/confirm", {}).status_code == 404
    # the wrong party of the project is refused too, whatever the button list says
    assert api(world["enterprise"]).post(f"/api/projects/{p.pk}/actions/confirm", {}).status_code == 403
    assert api(world["provider"]).post(f"/api/projects/{p.pk}/actions/cancel", {}).status_code == 403
