"""Targeted push (定向推送) of a policy to matched enterprises."""

from __future__ import annotations

from django.utils import timezone

from smedt.policies.models import PushDelivery


def delivery_opened(*, org_id: int, policy_id: int) -> int:
    """The enterprise opened the policy: every delivery of it to the enterprise counts as opened (once)."""
    return PushDelivery.objects.filter(
        org_id=org_id, campaign__policy_id=policy_id, opened_at__isnull=True, sent_at__isnull=False
    ).update(opened_at=timezone.now())
