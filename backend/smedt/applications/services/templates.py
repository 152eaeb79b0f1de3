"""申报模板: create, edit (a draft version), publish (freeze). Published versions never change."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from smedt.applications import workflow
from smedt.applications.errors import ApplicationsErrorCode
from smedt.applications.facts import fact_catalog
from smedt.applications.models import Template, TemplateVersion
from smedt.applications.schema import template_schema_clean
from smedt.applications.services.common import field_error, region_of_actor
from smedt.audit.services import audit_record
from smedt.core.errors import Conflict
from smedt.rbac.services import require


def dict_options(code: str) -> dict[str, str]:
    from smedt.dicts.models import DictItem

    return dict(
        DictItem.objects.filter(dict_type__code=code, is_active=True).values_list("value", "label").order_by("sort")
    )


def schema_clean(raw: Any) -> dict[str, Any]:
    """The designer's payload rebuilt into the stored schema (ValidationFailed listing every problem)."""
    return template_schema_clean(raw, facts=fact_catalog(), dict_options=dict_options)


def _name(name: str) -> str:
    name = (name or "").strip()
    if not 2 <= len(name) <= 100:
        raise field_error("name", "模板名称应为 2 至 100 个字")
    return name


@transaction.atomic
def template_create(*, actor: Any, name: str, description: str = "", schema: Any) -> TemplateVersion:
    """A new template with its first (draft) version."""
    require(actor, "applications.manage_template")
    region = region_of_actor(actor, "applications.manage_template")
    clean_name = _name(name)
    clean = schema_clean(schema)
    template = Template.objects.create(
        name=clean_name, description=(description or "").strip()[:2000], region=region, created_by=actor
    )
    version = TemplateVersion.objects.create(template=template, version=1, schema=clean)
    audit_record(
        actor=actor,
        action="applications.template_create",
        target=template,
        region=region,
        after={"name": clean_name, "version": 1},
    )
    return version


@transaction.atomic
def template_published_or_create(*, actor: Any, name: str, description: str = "", schema: Any) -> TemplateVersion:
    """The latest published version of the template named ``name``; on first use the template is created from
    ``schema`` and published. Shipped templates (pilot, provider, subsidy, cultivation, award) come through
    here, so a city that already edited and republished one keeps its own version."""
    template = Template.objects.filter(name=_name(name)).first()
    if template is not None:
        published = template.versions.filter(status=workflow.V_PUBLISHED).order_by("-version").first()
        if published is not None:
            return published
        # created but never published (e.g. an interrupted first run): publish it from the shipped form
        draft = template_version_save(actor=actor, template=template, schema=schema)
        return template_version_publish(actor=actor, version=draft)
    version = template_create(actor=actor, name=name, description=description, schema=schema)
    return template_version_publish(actor=actor, version=version)


@transaction.atomic
def template_version_save(
    *, actor: Any, template: Template, schema: Any, name: str | None = None, description: str | None = None
) -> TemplateVersion:
    """Edit the template: the open draft changes; with none open, a new draft version starts."""
    template = Template.objects.select_for_update().select_related("region").get(pk=template.pk)
    require(actor, "applications.manage_template", region_path=template.region.path)
    clean = schema_clean(schema)
    fields = []
    if name is not None:
        template.name = _name(name)
        fields.append("name")
    if description is not None:
        template.description = description.strip()[:2000]
        fields.append("description")
    if fields:
        template.save(update_fields=[*fields, "updated_at"])
    draft = template.versions.filter(status=workflow.V_DRAFT).first()
    if draft is None:
        last = template.versions.order_by("-version").first()
        draft = TemplateVersion.objects.create(
            template=template, version=(last.version + 1) if last else 1, schema=clean
        )
    else:
        draft.schema = clean
        draft.save(update_fields=["schema", "updated_at"])
    audit_record(
        actor=actor,
        action="applications.template_version_save",
        target=template,
        region=template.region,
        after={"version": draft.version},
    )
    return draft


@transaction.atomic
def template_version_publish(*, actor: Any, version: TemplateVersion) -> TemplateVersion:
    """Freeze a draft version: from now on campaigns may use it and nobody can change it."""
    version = TemplateVersion.objects.select_for_update().select_related("template__region").get(pk=version.pk)
    require(actor, "applications.manage_template", region_path=version.template.region.path)
    if version.status != workflow.V_DRAFT:
        raise Conflict(code=ApplicationsErrorCode.VERSION_FROZEN, message="该版本已发布，不能重复发布")
    version.schema = schema_clean(version.schema)  # re-checked: facts or dictionaries may have changed
    version.status = workflow.V_PUBLISHED
    version.published_at = timezone.now()
    version.published_by = actor
    try:
        with transaction.atomic():
            version.save(update_fields=["schema", "status", "published_at", "published_by", "updated_at"])
    except IntegrityError as exc:  # pragma: no cover - guarded by the status check under the row lock
        raise Conflict(code=ApplicationsErrorCode.VERSION_FROZEN, message="该版本已发布") from exc
    audit_record(
        actor=actor,
        action="applications.template_version_publish",
        target=version.template,
        region=version.template.region,
        after={"version": version.version},
    )
    return version
