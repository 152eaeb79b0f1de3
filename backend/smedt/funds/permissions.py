"""Permission codes of the funds module (试点资金: 资金来源、预算科目、资金台账)."""

PERMISSIONS = [
    ("funds.view_budget", "查看资金来源与预算科目"),
    ("funds.manage_funds", "管理试点资金（下达、承诺、拨付、冲销）"),
    ("funds.view_ledger", "查看资金台账"),
    ("funds.verify_ledger", "核验资金台账完整性"),
]

# The codes each built-in role receives (read by rbac.registry.declared_role_defaults).
ROLE_DEFAULTS: dict[str, tuple[str, ...]] = {
    "city_admin": ("funds.view_budget", "funds.manage_funds", "funds.view_ledger", "funds.verify_ledger"),
    "county_officer": ("funds.view_ledger",),
    "enterprise_user": ("funds.view_ledger",),
    "finance_officer": ("funds.view_budget", "funds.view_ledger"),
}
