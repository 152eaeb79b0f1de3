"""Binding and provisioning: who an external identity is here. One transaction; nothing half-made.

- a binding (provider, subject) decides; else
- a natural person is matched by ID number, or by mobile when the provider verified it —
  never by name; else a user is created (no local password);
- a legal person is bound to the organization with its 统一社会信用代码; a new one is created
  pending and queued for county verification (review process `org_verification`).
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.utils import timezone

from smedt.accounts.models import User
from smedt.audit.services import audit_record
from smedt.core.errors import ApplicationError
from smedt.gmcrypto.fields import blind_index
from smedt.gmcrypto.sm3 import sm3_hex
from smedt.identity.errors import IdentityError
from smedt.identity.models import IdentityBinding, IdentityProvider, PersonType
from smedt.identity.providers.base import ExternalIdentity
from smedt.orgs import credit_code as uscc
from smedt.orgs.models import Organization, OrgKind, OrgStatus
from smedt.rbac.models import Role, RoleAssignment
from smedt.regions.models import Region

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
ID_RE = re.compile(r"^\d{17}[\dX]$")


def binding_snapshot(binding: IdentityBinding) -> dict[str, Any]:
    return {
        "provider": binding.provider.slug,
        "subject": binding.subject,
        "user": binding.user_id,
        "person_type": binding.person_type,
        "real_name_level": binding.real_name_level,
        "org": binding.org_id,
    }


def _match_natural(identity: ExternalIdentity) -> User | None:
    candidates: list[User] = []
    if ID_RE.match(identity.id_number):
        candidates = list(User.objects.filter(id_number_index=blind_index(identity.id_number))[:2])
    if not candidates and identity.mobile_verified and MOBILE_RE.match(identity.mobile):
        candidates = list(User.objects.filter(mobile_index=blind_index(identity.mobile))[:2])
    if len(candidates) > 1:
        raise IdentityError("identity.ambiguous_match")
    return candidates[0] if candidates else None


def _user_provision(provider: IdentityProvider, identity: ExternalIdentity) -> User:
    user = User(username=f"{provider.slug}_{sm3_hex(identity.subject.encode('utf-8'))[:12]}")
    user.display_name = (identity.name or "统一认证用户")[:64]
    if MOBILE_RE.match(identity.mobile):
        user.mobile, user.mobile_index = identity.mobile, blind_index(identity.mobile)
    if ID_RE.match(identity.id_number):
        user.id_number, user.id_number_index = identity.id_number, blind_index(identity.id_number)
    user.set_unusable_password()
    user.save()
    audit_record(
        actor=None,
        action="identity.user_provision",
        target=user,
        after={"provider": provider.slug, "username": user.username, "display_name": user.display_name},
    )
    return user


def _profile_sync(user: User, identity: ExternalIdentity) -> None:
    """The provincial platform is the source of truth for name and (verified) mobile."""
    fields = []
    if identity.name and identity.name != user.display_name:
        user.display_name = identity.name[:64]
        fields.append("display_name")
    if identity.mobile_verified and MOBILE_RE.match(identity.mobile) and identity.mobile != user.mobile:
        user.mobile, user.mobile_index = identity.mobile, blind_index(identity.mobile)
        fields += ["mobile", "mobile_index"]
    if ID_RE.match(identity.id_number) and not user.id_number:
        user.id_number, user.id_number_index = identity.id_number, blind_index(identity.id_number)
        fields += ["id_number", "id_number_index"]
    if fields:
        user.save(update_fields=fields)


def _org_for(provider: IdentityProvider, identity: ExternalIdentity, *, user: User) -> Organization:
    code = uscc.normalize(identity.credit_code)
    if not code or not uscc.is_valid(code):
        raise IdentityError("identity.unknown_credit_code")
    org = Organization.objects.filter(credit_code=code).first()
    if org is not None:
        if org.status in (OrgStatus.DISABLED, OrgStatus.REJECTED):
            raise IdentityError("identity.org_disabled")
        return org
    region = Region.objects.filter(code=code[2:8], is_active=True).first()
    if region is None:
        raise IdentityError("identity.unknown_credit_code")
    if not identity.org_name:
        raise IdentityError("identity.missing_claim")
    from smedt.orgs.services import ORG_VERIFICATION, org_create
    from smedt.reviews.services.requests import review_submit

    kind = str(provider.config.get("legal_person_org_kind", OrgKind.ENTERPRISE))
    try:
        org = org_create(
            actor=None,
            name=identity.org_name,
            credit_code_value=code,
            kind=kind,
            region_code=region.code,
            status=OrgStatus.PENDING,
            contact_name=identity.name,
            contact_phone=identity.mobile if MOBILE_RE.match(identity.mobile) else "",
        )
    except ApplicationError as exc:
        if exc.code.startswith("orgs.invalid_region") or exc.code == "orgs.invalid_credit_code":
            raise IdentityError("identity.unknown_credit_code") from exc
        raise
    review_submit(
        process_key=ORG_VERIFICATION,
        target=org,
        title=f"{org.get_kind_display()}注册认证（统一身份认证）：{org.name}",
        region=org.region,
        org=org,
        submitted_by=user,
    )
    return org


def _member_of(user: User, org: Organization) -> None:
    role_code = "provider_user" if org.kind == OrgKind.PROVIDER else "enterprise_user"
    if not RoleAssignment.objects.filter(user=user, org=org).exists():
        RoleAssignment.objects.create(user=user, role=Role.objects.get(code=role_code), org=org)
        audit_record(
            actor=None, action="identity.org_member_add", target=user, org_id=org.pk, after={"role": role_code}
        )


@transaction.atomic
def identity_bind_or_provision(
    *, provider: IdentityProvider, identity: ExternalIdentity, link_user: User | None = None
) -> tuple[User, IdentityBinding]:
    """Resolve the local user for a verified external identity; create what is missing. Atomic."""
    if identity.disabled:
        raise IdentityError("identity.account_disabled")
    binding = (
        IdentityBinding.objects.select_for_update()
        .select_related("user", "provider")
        .filter(provider=provider, subject=identity.subject)
        .first()
    )
    if link_user is not None:
        if binding is not None and binding.user_id != link_user.pk:
            raise IdentityError("identity.already_bound")
        user: User | None = link_user
    elif binding is not None:
        user = binding.user
    else:
        user = _match_natural(identity)
    if user is not None and not user.is_active:
        raise IdentityError("identity.account_disabled")
    if user is None:
        user = _user_provision(provider, identity)
    org = _org_for(provider, identity, user=user) if identity.person_type == PersonType.LEGAL else None
    if org is not None:
        _member_of(user, org)
    _profile_sync(user, identity)
    now = timezone.now()
    if binding is None:
        binding = IdentityBinding.objects.create(
            provider=provider,
            subject=identity.subject,
            user=user,
            person_type=identity.person_type,
            real_name_level=identity.real_name_level[:32],
            org=org,
            last_login_at=now,
        )
        audit_record(
            actor=user if link_user is not None else None,
            action="identity.binding_create",
            target=user,
            after=binding_snapshot(binding),
            org_id=org.pk if org else None,
        )
    else:
        binding.real_name_level = identity.real_name_level[:32]
        binding.person_type = identity.person_type
        binding.org = org or binding.org
        binding.last_login_at = now
        binding.save(update_fields=["real_name_level", "person_type", "org", "last_login_at"])
    return user, binding


@transaction.atomic
def binding_delete(*, actor: Any, binding: IdentityBinding) -> None:
    """An administrator unbinds an external identity (the local user stays)."""
    from smedt.rbac.services import require

    require(actor, "identity.manage_binding")
    audit_record(actor=actor, action="identity.binding_delete", target=binding.user, before=binding_snapshot(binding))
    binding.delete()
