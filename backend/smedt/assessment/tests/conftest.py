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
