"""Headline figures of the home page (试点企业、入驻企业、服务商、验收项目 …) from a registry of provider functions.

Other apps register a better source under the same key when they exist, e.g. in their
``AppConfig.ready``::

    from smedt.portal.headlines import register_headline
    register_headline("accepted_projects", "已验收项目", projects_accepted_count, order=30)

The defaults count what the kernel knows today; nothing here is a hard-coded number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Headline:
    key: str
    label: str
    func: Callable[[], int]
    order: int


_REGISTRY: dict[str, Headline] = {}


def register_headline(key: str, label: str, func: Callable[[], int], *, order: int = 100) -> None:
    """Add or replace the figure `key` (the last registration wins)."""
    _REGISTRY[key] = Headline(key, label, func, order)


def headlines() -> list[dict[str, object]]:
    return [
        {"key": h.key, "label": h.label, "value": int(h.func())}
        for h in sorted(_REGISTRY.values(), key=lambda h: (h.order, h.key))
    ]


def _active_orgs(kind: str) -> int:
    from smedt.orgs.models import Organization, OrgStatus

    return Organization.objects.filter(kind=kind, status=OrgStatus.ACTIVE).count()


def _enterprises() -> int:
    from smedt.orgs.models import OrgKind

    return _active_orgs(OrgKind.ENTERPRISE)


def _providers() -> int:
    from smedt.orgs.models import OrgKind

    return _active_orgs(OrgKind.PROVIDER)


def _no_projects_yet() -> int:
    return 0  # the projects module (issue 6) registers the real count


# every active enterprise account is 入驻企业, not 试点企业: the pilot library figure ("pilot_enterprises")
# is registered by the insights module from the pilot library itself
register_headline("enterprises", "入驻企业", _enterprises, order=15)
register_headline("providers", "服务商", _providers, order=20)
register_headline("accepted_projects", "已验收项目", _no_projects_yet, order=30)
