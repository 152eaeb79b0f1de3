"""Shipped templates (pilot, provider, subsidy, cultivation, award) come through one engine helper: created and
published on first use, the city's own later version kept, an unpublished leftover published."""

from __future__ import annotations

from typing import Any

import pytest

from smedt.applications import workflow
from smedt.applications.models import Template
from smedt.applications.services.templates import (
    template_create,
    template_published_or_create,
    template_version_publish,
    template_version_save,
)
from smedt.applications.tests.forms import award_form
from smedt.core.errors import PermissionDenied

NAME = "数字化转型标杆企业申报书"


@pytest.mark.django_db
def test_first_use_creates_and_publishes_once(city_admin: Any) -> None:
    first = template_published_or_create(actor=city_admin, name=NAME, description="说明", schema=award_form())
    again = template_published_or_create(actor=city_admin, name=NAME, description="说明", schema=award_form())
    assert first.pk == again.pk and first.status == workflow.V_PUBLISHED and first.version == 1
    assert Template.objects.filter(name=NAME).count() == 1


@pytest.mark.django_db
def test_the_citys_later_version_is_kept(city_admin: Any) -> None:
    v1 = template_published_or_create(actor=city_admin, name=NAME, schema=award_form())
    v2 = template_version_save(actor=city_admin, template=v1.template, schema=award_form())
    template_version_publish(actor=city_admin, version=v2)
    template_version_save(actor=city_admin, template=v1.template, schema=award_form())  # an open draft v3
    got = template_published_or_create(actor=city_admin, name=NAME, schema=award_form())
    assert (got.pk, got.version) == (v2.pk, 2)


@pytest.mark.django_db
def test_a_never_published_template_is_published(city_admin: Any) -> None:
    draft = template_create(actor=city_admin, name=NAME, schema=award_form())
    got = template_published_or_create(actor=city_admin, name=NAME, schema=award_form())
    assert got.pk == draft.pk and got.status == workflow.V_PUBLISHED
    assert Template.objects.filter(name=NAME).count() == 1


@pytest.mark.django_db
def test_creating_needs_the_permission(enterprise_a_user: Any) -> None:
    with pytest.raises(PermissionDenied):
        template_published_or_create(actor=enterprise_a_user, name=NAME, schema=award_form())
    assert not Template.objects.filter(name=NAME).exists()
