"""Cultivation test setup: dictionaries and the packaged criteria loaded."""

from __future__ import annotations

from typing import Any

import pytest

from smedt.enterprises.tests.conftest import grant_role_defaults


@pytest.fixture
def reference(reference: Any) -> None:  # extends the root fixture
    from smedt.cultivation.services.criteria import criteria_sets_load

    grant_role_defaults()
    criteria_sets_load()
