"""Load reference data: permission codes and built-in roles, the division tree, dictionaries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from smedt.assessment.services.indicator_sets import indicator_sets_load
from smedt.cultivation.services.criteria import criteria_sets_load
from smedt.dicts.services import dicts_load
from smedt.industry.scenarios import scenarios_load
from smedt.industry.services import chains_load
from smedt.portal.reference import portal_reference_load
from smedt.rbac.registry import sync_permissions_and_roles
from smedt.regions.services import regions_load


class Command(BaseCommand):
    help = "加载参考数据（权限码、内置角色、行政区划、数据字典），可重复执行"

    def handle(self, *args: Any, **options: Any) -> None:
        sync_permissions_and_roles()
        regions_file = Path(settings.SMEDT_REGIONS_FILE)
        n = regions_load(path=regions_file)
        d = dicts_load(path=Path(settings.SMEDT_DICTS_FILE))
        indicator_sets_load()
        criteria_sets_load()
        portal_reference_load()
        chains_load()
        scenarios_load()
        self.stdout.write(f"reference data loaded: {n} regions from {regions_file.name}, {d} new dictionary items")
