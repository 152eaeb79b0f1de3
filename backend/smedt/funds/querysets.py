"""How funds rows are narrowed: government by region (the line's, or the enterprise's for commitments and
entries), an enterprise to the entries and commitments made out to it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smedt.rbac.querysets import ScopedQuerySet

if TYPE_CHECKING:
    from smedt.funds.models import BudgetLine, Commitment, FundSource, LedgerEntry, SubsidyClaim  # noqa: F401


class FundSourceQuerySet(ScopedQuerySet["FundSource"]):
    region_path_field = "region__path"
    action_permissions = {"view": "funds.view_budget", "manage": "funds.manage_funds"}


class BudgetLineQuerySet(ScopedQuerySet["BudgetLine"]):
    region_path_field = "region__path"
    action_permissions = {"view": "funds.view_budget", "manage": "funds.manage_funds"}


class CommitmentQuerySet(ScopedQuerySet["Commitment"]):
    region_path_field = "region__path"
    org_field = "enterprise_id"
    action_permissions = {"view": "funds.view_ledger", "manage": "funds.manage_funds"}


class LedgerEntryQuerySet(ScopedQuerySet["LedgerEntry"]):
    region_path_field = "region__path"
    org_field = "enterprise_id"
    action_permissions = {"view": "funds.view_ledger", "manage": "funds.manage_funds"}


class SubsidyClaimQuerySet(ScopedQuerySet["SubsidyClaim"]):
    region_path_field = "region__path"
    org_field = "enterprise_id"
    action_permissions = {"view": "funds.view_ledger", "manage": "funds.manage_funds"}
