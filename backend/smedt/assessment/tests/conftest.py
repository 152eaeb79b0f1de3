from __future__ import annotations

from typing import Any

import pytest

from smedt.assessment.definition import Definition, compile_definition
from smedt.assessment.tests.helpers import Totals, packaged_canonical


@pytest.fixture(scope="session")
def data() -> dict[str, Any]:
    """The packaged 2024-manufacturing file in canonical JSON form."""
    return packaged_canonical()


@pytest.fixture(scope="session")
def defn(data: dict[str, Any]) -> Definition:
    return compile_definition(data)


@pytest.fixture(scope="session")
def totals(defn: Definition) -> Totals:
    return Totals(defn)


@pytest.fixture
def indicator_set(db: Any) -> Any:
    """The packaged 2024-manufacturing set, imported as reference data (active)."""
    from smedt.assessment.services.indicator_sets import indicator_sets_load

    return indicator_sets_load()[0].indicator_set


@pytest.fixture
def org_a(enterprise_a: Any) -> Any:
    enterprise_a.industry_code = "C3432"
    enterprise_a.save(update_fields=["industry_code"])
    return enterprise_a


@pytest.fixture
def org_b(enterprise_b: Any) -> Any:
    enterprise_b.industry_code = "C3670"
    enterprise_b.save(update_fields=["industry_code"])
    return enterprise_b
