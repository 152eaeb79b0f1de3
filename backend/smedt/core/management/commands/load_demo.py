"""Demo data set (idempotent): government departments, enterprises and providers in different
counties, one demo account per role, and a registration waiting for its county's review."""

from __future__ import annotations

import os
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from smedt.accounts.models import User
from smedt.accounts.services.users import user_create
from smedt.applications.demo import applications_demo_load
from smedt.assessment.demo import assessment_demo_load
from smedt.cultivation.demo import cultivation_demo_load
from smedt.enterprises.demo import registries_demo_load
from smedt.exports.demo import exports_demo_load
from smedt.funds.demo import funds_demo_load, subsidies_demo_load
from smedt.industry.demo import industry_demo_load
from smedt.industry.scenario_demo import scenario_demo_load
from smedt.insights.demo import insights_demo_load
from smedt.orgs.credit_code import make_valid
from smedt.orgs.models import Organization, OrgKind, OrgStatus
from smedt.orgs.services import org_create, org_register
from smedt.policies.demo import policies_demo_load
from smedt.portal.demo import portal_demo_load
from smedt.projects.demo import projects_demo_load
from smedt.providers.demo import ratings_demo_load
from smedt.rbac.models import Role, RoleAssignment
from smedt.regions.models import Region
from smedt.reporting.demo import reporting_demo_load

DEMO_PASSWORD_DEFAULT = "Demo@2026smedt"  # noqa: S105 - demo accounts only; override with SMEDT_DEMO_PASSWORD

# (name, first 17 chars of the credit code, kind, region code, industry)
ORGS = [
    ("新乡市工业和信息化局", "11410700MB1234567", OrgKind.GOVERNMENT, "410700", ""),
    ("新乡市红旗区工业和信息化局", "11410702MB2345678", OrgKind.GOVERNMENT, "410702", ""),
    ("长垣市工业和信息化局", "11410783MB3456789", OrgKind.GOVERNMENT, "410783", ""),
    ("长垣华瑞起重装备有限公司", "91410783MA44PQ7R1", OrgKind.ENTERPRISE, "410783", "C3432"),
    ("新乡红旗汽车零部件有限公司", "91410702MA45BN3K2", OrgKind.ENTERPRISE, "410702", "C3670"),
    ("新乡卫滨医用卫材有限公司", "91410703MA46CT8W3", OrgKind.ENTERPRISE, "410703", "C2770"),
    ("新乡智造数字科技有限公司", "91410771MA47DX2Y4", OrgKind.PROVIDER, "410771", "I6510"),
    ("河南中原工业互联网服务有限公司", "91410702MA48EH6L5", OrgKind.PROVIDER, "410702", "I6531"),
]

# (username, display name, role, scope: region code or org name or None)
ACCOUNTS = [
    ("sysadmin", "平台运维管理员", "sys_admin", None),
    ("city_admin", "市工信局 王科长", "city_admin", "410700"),
    # a second reviewer per level: nobody decides on what they submitted themselves
    ("city_reviewer", "市工信局 周审核", "city_admin", "410700"),
    ("hongqi_officer", "红旗区工信局 李审核", "county_officer", "410702"),
    ("hongqi_reviewer", "红旗区工信局 孙审核", "county_officer", "410702"),
    ("changyuan_officer", "长垣市工信局 赵审核", "county_officer", "410783"),
    # 市财政局: the last step of the demo's subsidy reviews (county → city → finance)
    ("finance_officer", "市财政局 郑科长", "finance_officer", "410700"),
    ("huarui_user", "华瑞起重 张经理", "enterprise_user", "长垣华瑞起重装备有限公司"),
    ("hongqi_parts_user", "红旗汽配 刘主管", "enterprise_user", "新乡红旗汽车零部件有限公司"),
    ("weibin_user", "卫滨卫材 吴经理", "enterprise_user", "新乡卫滨医用卫材有限公司"),
    ("zhizao_user", "智造数科 陈顾问", "provider_user", "新乡智造数字科技有限公司"),
    ("expert_sun", "孙教授（专家）", "expert", None),
]


def demo_password() -> str:
    return os.environ.get("SMEDT_DEMO_PASSWORD", DEMO_PASSWORD_DEFAULT)


class Command(BaseCommand):
    help = "加载演示数据（可重复执行）并打印各角色的演示账号"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet-accounts", action="store_true", help="不打印演示账号")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("load_reference", verbosity=0)
        password = demo_password()
        with transaction.atomic():
            for name, first17, kind, region_code, industry in ORGS:
                code = make_valid(first17)
                if not Organization.objects.filter(credit_code=code).exists():
                    org_create(
                        actor=None,
                        name=name,
                        credit_code_value=code,
                        kind=kind,
                        region_code=region_code,
                        status=OrgStatus.ACTIVE,
                        industry_code=industry,
                        contact_name="联系人",
                        contact_phone="13800000000",
                    )
            for username, display, role_code, scope in ACCOUNTS:
                user = User.objects.filter(username=username).first()
                if user is None:
                    user = user_create(actor=None, username=username, display_name=display, password=password)
                role = Role.objects.get(code=role_code)
                region = Region.objects.filter(code=scope).first() if scope and scope.isdigit() else None
                org = Organization.objects.filter(name=scope).first() if scope and not scope.isdigit() else None
                RoleAssignment.objects.get_or_create(user=user, role=role, region=region, org=org)
            pending_code = make_valid("91410783MA49FJ5M6")
            if not Organization.objects.filter(credit_code=pending_code).exists():
                org_register(
                    org_name="长垣驼峰医疗卫材有限公司",
                    credit_code_value=pending_code,
                    kind=OrgKind.ENTERPRISE,
                    region_code="410783",
                    contact_name="周女士",
                    contact_phone="13900000001",
                    username="tuofeng_user",
                    password=password,
                    display_name="驼峰卫材 周女士",
                )
            registries_demo_load()
            projects_demo_load()
            ratings_demo_load()  # after the projects, so the demo project counts in the scorecard
            assessment_demo_load()
            portal_demo_load()
            applications_demo_load()
            cultivation_demo_load()  # after the assessments: the digital level pre-fills the self-assessment
            insights_demo_load()
            funds_demo_load()
            subsidies_demo_load()  # after the budget: accepted projects, an approved and a pending subsidy
            reporting_demo_load()  # after the funds: the snapshot reads the ledger
            policies_demo_load()  # after the registries and assessments: matching reads their facts
            industry_demo_load()
            scenario_demo_load()  # after the chains and the assessments: the aggregate reads both
            exports_demo_load()  # after the subsidies: 我的导出 shows a finished 奖补名单 export
        if not options["quiet_accounts"]:
            self.print_accounts(password)

    def print_accounts(self, password: str) -> None:
        rows = [(u, d, r) for u, d, r, _ in ACCOUNTS] + [
            ("tuofeng_user", "驼峰卫材 周女士（待县区审核）", "enterprise_user")
        ]
        self.stdout.write("")
        self.stdout.write(f"演示账号（密码均为 {password}）：")
        for username, display, role in rows:
            self.stdout.write(f"  {role:<16} {username:<20} {display}")
        self.stdout.write("")
