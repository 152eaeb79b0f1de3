"""Review materials of 注册认证 (org verification): the registration form and its automatic checks."""

from __future__ import annotations

from smedt.orgs.models import Organization
from smedt.orgs.selectors import phone_masked
from smedt.reviews.materials import Finding, Materials, MaterialSection, dict_labels, fields


def industry_text(code: str) -> str:
    """GB/T 4754 class code with its division's name, e.g. "C3432（通用设备制造业）"."""
    if not code:
        return ""
    division = dict_labels("industry_division").get(code[:3])
    return f"{code}（{division}）" if division else code


def org_materials(org: Organization) -> Materials:
    findings: list[Finding] = []
    authority = org.credit_code[2:8]
    if authority.isdigit() and authority != org.region.code:
        findings.append(
            Finding(
                "warning",
                f"统一社会信用代码中的登记管理机关行政区划码为 {authority}，与所选区域“{org.region.name}”"
                f"（{org.region.code}）不一致，请核实注册地",
            )
        )
    if not org.industry_code and org.kind == "enterprise":
        findings.append(Finding("warning", "未填写所属行业（国民经济行业分类）"))
    if not org.contact_name or not org.contact_phone:
        findings.append(Finding("warning", "联系人或联系电话未填写"))
    if not findings:
        findings.append(Finding("info", "统一社会信用代码校验位正确，登记区划与所选区域一致"))
    return Materials(
        sections=[
            MaterialSection(
                "注册信息",
                fields(
                    ("单位名称", org.name),
                    ("统一社会信用代码", org.credit_code),
                    ("单位类型", org.get_kind_display()),
                    ("所在区域", org.region.display_name),
                    ("地址", org.address),
                    ("所属行业", industry_text(org.industry_code)),
                    ("联系人", org.contact_name),
                    ("联系电话", phone_masked(org.contact_phone)),
                ),
            )
        ],
        findings=findings,
    )
