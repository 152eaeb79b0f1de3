"""Registry test setup: the built-in roles get this app's (and providers') default codes; dictionaries loaded."""

from __future__ import annotations

from typing import Any

import pytest

from smedt.dicts.services import dicts_load


def grant_role_defaults() -> None:
    from pathlib import Path

    from smedt.enterprises.permissions import ROLE_DEFAULTS as ENTERPRISE_DEFAULTS
    from smedt.rbac.models import Permission, Role

    defaults: list[dict[str, tuple[str, ...]]] = [ENTERPRISE_DEFAULTS]
    try:
        from smedt.providers.permissions import ROLE_DEFAULTS as PROVIDER_DEFAULTS

        defaults.append(PROVIDER_DEFAULTS)
    except ImportError:
        pass
    for mapping in defaults:
        for role_code, codes in mapping.items():
            role = Role.objects.get(code=role_code)
            role.permissions.add(*Permission.objects.filter(code__in=codes))
    import smedt.dicts

    dicts_load(path=Path(smedt.dicts.__file__).parent / "data" / "reference-dicts.yaml")


@pytest.fixture
def reference(reference: Any) -> None:  # extends the root fixture
    grant_role_defaults()
