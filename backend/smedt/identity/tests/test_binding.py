"""Binding and provisioning rules, without a provider process: never by name, refusals atomic."""

from __future__ import annotations

import pytest

from smedt.accounts.models import User
from smedt.gmcrypto.fields import blind_index
from smedt.identity.errors import IdentityError
from smedt.identity.models import IdentityBinding, IdentityProvider, PersonType
from smedt.identity.providers.base import ExternalIdentity
from smedt.identity.services.binding import identity_bind_or_provision
from smedt.orgs.models import Organization, OrgStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(reference):
    return IdentityProvider.objects.create(slug="p", name="P", protocol="cas", config={"server_url": "https://c"})


def refuse(provider, identity, code, **kw):
    before = (User.objects.count(), Organization.objects.count(), IdentityBinding.objects.count())
    with pytest.raises(IdentityError) as exc:
        identity_bind_or_provision(provider=provider, identity=identity, **kw)
    assert exc.value.code == code
    assert (User.objects.count(), Organization.objects.count(), IdentityBinding.objects.count()) == before


def test_never_bound_by_name_alone(provider, make_user):
    make_user("same_name", display_name="张三")
    user, _ = identity_bind_or_provision(provider=provider, identity=ExternalIdentity(subject="s", name="张三"))
    assert user.username != "same_name" and User.objects.filter(display_name="张三").count() == 2


def test_an_unverified_mobile_does_not_bind(provider, make_user):
    local = make_user("m")
    local.mobile, local.mobile_index = "13911112222", blind_index("13911112222")
    local.save()
    user, _ = identity_bind_or_provision(
        provider=provider, identity=ExternalIdentity(subject="s", mobile="13911112222")
    )
    assert user.pk != local.pk


def test_two_local_accounts_with_that_id_number_are_ambiguous(provider, make_user):
    for name in ("a1", "a2"):
        u = make_user(name)
        u.id_number, u.id_number_index = "410702199001011234", blind_index("410702199001011234")
        u.save()
    refuse(provider, ExternalIdentity(subject="s", id_number="410702199001011234"), "identity.ambiguous_match")


def test_a_locally_disabled_bound_user_is_refused(provider, make_user):
    u = make_user("off", is_active=False)
    IdentityBinding.objects.create(provider=provider, subject="s", user=u, person_type=PersonType.NATURAL)
    refuse(provider, ExternalIdentity(subject="s"), "identity.account_disabled")


def test_a_disabled_org_is_refused_and_the_new_user_rolls_back(provider, make_org):
    org = make_org(status=OrgStatus.DISABLED)
    identity = ExternalIdentity(subject="corp", person_type=PersonType.LEGAL, credit_code=org.credit_code, org_name="x")
    refuse(provider, identity, "identity.org_disabled")


def test_missing_org_name_for_a_new_org_rolls_back(provider):
    from smedt.orgs.credit_code import make_valid

    identity = ExternalIdentity(
        subject="corp", person_type=PersonType.LEGAL, credit_code=make_valid("91410702MA9400001")
    )
    refuse(provider, identity, "identity.missing_claim")


def test_linking_an_identity_bound_to_someone_else_is_refused(provider, make_user):
    IdentityBinding.objects.create(
        provider=provider, subject="s", user=make_user("owner"), person_type=PersonType.NATURAL
    )
    refuse(provider, ExternalIdentity(subject="s"), "identity.already_bound", link_user=make_user("other"))
