"""Demo data for the results dashboard (idempotent): the 规上 flag of the demo enterprises, recorded
through the enterprises service as a government import (so it carries its provenance)."""

from __future__ import annotations

from django.db import transaction

from smedt.enterprises.models import EnterpriseProfile
from smedt.enterprises.services.profile import profile_update
from smedt.orgs.models import Organization, OrgKind

# name → 规模以上企业 (as the statistics bureau lists them; demo values)
ABOVE_SCALE = {
    "长垣华瑞起重装备有限公司": True,
    "新乡红旗汽车零部件有限公司": True,
    "新乡卫滨医用卫材有限公司": False,
}


@transaction.atomic
def insights_demo_load() -> int:
    """Returns how many records got their 规上 flag (0 when all were set already)."""
    done = 0
    for name, flag in ABOVE_SCALE.items():
        org = Organization.objects.filter(name=name, kind=OrgKind.ENTERPRISE).select_related("region").first()
        if org is None:
            continue
        if EnterpriseProfile.objects.filter(org=org, above_scale__isnull=False).exists():
            continue
        profile_update(actor=None, org=org, changes={"above_scale": flag})
        done += 1
    return done
