"""The enterprise fact base (一企一档) as a back-end data provider of the application engine: the
latest year's figures and the basic data, each with its provenance. Registered in apps.ready."""

from __future__ import annotations

from smedt.applications.facts import FactProvider, FactSpec
from smedt.applications.prereview import Fact
from smedt.enterprises.models import EnterpriseProfile, FactRecord, FactSource
from smedt.enterprises.services.profile import COUNT_FIGURES, MONEY_FIGURES

BASIC = {"registered_capital": ("注册资本", "amount", "万元"), "founded_on": ("成立日期", "date", "")}
BASIC_TEXT = {"legal_representative": "法定代表人", "industry_code": "行业代码"}

SPECS = (
    *(FactSpec(k, f"{label}（上年度）", "amount", "万元") for k, label in MONEY_FIGURES.items()),
    *(
        FactSpec(k, f"{label}（上年度）", "number", "人" if k in ("employees", "rd_staff") else "件")
        for k, label in COUNT_FIGURES.items()
    ),
    *(FactSpec(k, label, kind, unit) for k, (label, kind, unit) in BASIC.items()),
    *(FactSpec(k, label, "text") for k, label in BASIC_TEXT.items()),
)
LABELS = {s.key: s.label for s in SPECS}


def enterprise_facts(org_id: int, keys: set[str]) -> dict[str, Fact]:
    profile = EnterpriseProfile.objects.filter(org_id=org_id).first()
    if profile is None:
        return {}
    figure = profile.figures.order_by("-year").first()
    records = {
        (r.year, r.field): r
        for r in FactRecord.objects.filter(profile=profile, is_current=True, field__in=sorted(keys)).only(
            "year", "field", "source", "recorded_at"
        )
    }
    out: dict[str, Fact] = {}
    for key in keys:
        if key not in LABELS:
            continue
        is_figure = key in MONEY_FIGURES or key in COUNT_FIGURES
        if is_figure and figure is None:
            continue
        year = figure.year if is_figure and figure is not None else None
        owner = figure if is_figure else profile
        value = getattr(owner, key, None)
        record = records.get((year, key))
        out[key] = Fact(
            value=None if value is None else str(value),
            label=f"一企一档·{LABELS[key]}",
            source_label=FactSource(record.source).label if record else "档案",
            recorded_at=record.recorded_at.isoformat() if record else "",
            year=year,
        )
    return out


PROVIDER = FactProvider(name="enterprise", label="企业档案（一企一档）", specs=tuple(SPECS), fetch=enterprise_facts)
