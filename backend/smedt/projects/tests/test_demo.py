from __future__ import annotations

from typing import Any

import pytest

from smedt.gmcrypto.sm2 import sm2_verify
from smedt.projects.demo import ENTERPRISE, PROVIDER, projects_demo_load
from smedt.projects.models import Contract, Project

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent(make_org: Any) -> None:
    assert projects_demo_load() == 0  # parties missing: nothing
    make_org("410702", name=ENTERPRISE)
    make_org("410771", kind="provider", name=PROVIDER)
    assert projects_demo_load() == 1
    assert projects_demo_load() == 0
    project = Project.objects.get()
    assert project.status == "diagnosing"
    contract = Contract.objects.get(project=project)
    assert all(
        sm2_verify(s.public_key, bytes(contract.pdf), bytes.fromhex(s.signature)) for s in contract.signatures.all()
    )
