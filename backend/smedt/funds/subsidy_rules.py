"""The eligible subsidy amount, computed from configurable rules (`data/subsidy.yaml`, overridable by settings).

Pure: investment lines and the rated level in, the amount and a step-by-step trace out, exact Decimal all the
way (yuan with two decimals, rounded down to the cent only at the end). The trace is what the enterprise sees
before it applies and what the reviewers see in the review drawer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from functools import lru_cache
from typing import Any

import yaml

from smedt.funds.config import DATA_DIR

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
LEVEL_LABELS = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}
CATEGORY_LABELS = {
    "software": "软件",
    "cloud": "云服务",
    "data_gateway": "数据采集传输设备（网关、路由等）",
    "hardware": "其他硬件设备",
    "service": "实施与咨询服务",
    "other": "其他",
    "": "未标注",
}


@dataclass(frozen=True)
class Rules:
    version: str
    ratio_pct: Decimal
    cap: Decimal
    min_level: int
    eligible_categories: tuple[str, ...]
    tranches_pct: tuple[Decimal, ...]


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DATA_DIR / "subsidy.yaml").read_text(encoding="utf-8"))
    return data


def rules() -> Rules:
    """The rules in force: the data file, each figure overridable by its setting."""
    from django.conf import settings

    d = _data()

    def setting(name: str, default: Any) -> Any:
        return getattr(settings, f"SMEDT_FUNDS_SUBSIDY_{name}", default)

    ratio = Decimal(str(setting("RATIO_PCT", d["ratio_pct"])))
    cap = Decimal(str(setting("CAP_YUAN", d["cap_yuan"])))
    tranches = tuple(Decimal(str(t)) for t in setting("TRANCHES_PCT", d["tranches_pct"]))
    if not Decimal(0) < ratio <= Decimal(100) or cap <= 0:
        raise ValueError("subsidy ratio must be in (0, 100] and the cap positive")
    if not tranches or any(t <= 0 for t in tranches) or sum(tranches) != Decimal(100):
        raise ValueError("subsidy tranches must be positive percentages summing to 100")
    return Rules(
        version=str(d.get("version", "")),
        ratio_pct=ratio,
        cap=cap.quantize(CENT),
        min_level=int(setting("MIN_LEVEL", d["min_level"])),
        eligible_categories=tuple(str(c) for c in setting("ELIGIBLE_CATEGORIES", d["eligible_categories"])),
        tranches_pct=tranches,
    )


@dataclass(frozen=True)
class Line:
    """One investment line (= one invoice) of an accepted project, as the rules see it."""

    investment_id: int
    project_id: int
    project_title: str
    name: str
    invoice_no: str
    amount: Decimal
    category: str
    has_invoice: bool
    has_payment_proof: bool
    claimed_elsewhere: str = ""  # the claim that already uses this invoice, if any


@dataclass
class Result:
    eligible: bool
    amount: Decimal
    eligible_investment: Decimal
    level: int | None
    counted: list[Line] = field(default_factory=list)
    trace: list[dict[str, str]] = field(default_factory=list)
    lines: list[dict[str, str]] = field(default_factory=list)  # every invoice with 计入 / the reason it is not
    rules_version: str = ""


def _yuan(v: Decimal) -> str:
    return f"{v:,.2f} 元"


def _pct(v: Decimal) -> str:
    return f"{v.normalize():f}%"


def compute(lines: list[Line], *, level: int | None, r: Rules | None = None) -> Result:
    """Eligible investment = Σ amount of invoices that count; amount = min(ratio × eligible, cap), 0 below the gate."""
    r = r or rules()
    out = Result(eligible=False, amount=ZERO, eligible_investment=ZERO, level=level, rules_version=r.version)
    total = ZERO
    for ln in lines:
        reason = ""
        if ln.category not in r.eligible_categories:
            reason = f"费用类别为“{CATEGORY_LABELS.get(ln.category, ln.category)}”，不属于补贴范围"
        elif not ln.has_invoice:
            reason = "未上传发票"
        elif not ln.has_payment_proof:
            reason = "未上传付款凭证"
        elif ln.claimed_elsewhere:
            reason = f"该发票已用于{ln.claimed_elsewhere}，每张发票只能申请一次"
        if not reason:
            out.counted.append(ln)
            total += ln.amount
        out.lines.append(
            {
                "project": ln.project_title,
                "name": ln.name,
                "invoice_no": ln.invoice_no,
                "category": CATEGORY_LABELS.get(ln.category, ln.category),
                "amount": f"{ln.amount:.2f}",
                "counted": "计入" if not reason else "不计入",
                "reason": reason,
            }
        )
    out.eligible_investment = total.quantize(CENT)
    allowed = ", ".join(CATEGORY_LABELS[c] for c in r.eligible_categories if c in CATEGORY_LABELS)
    out.trace.append(
        {
            "step": "合格投资",
            "formula": f"验收通过项目中，费用类别为{allowed}且发票、付款凭证齐全的投资合计（{len(out.counted)} 张发票）",
            "value": _yuan(out.eligible_investment),
        }
    )
    gate = LEVEL_LABELS.get(r.min_level, f"{r.min_level}级")
    shown = LEVEL_LABELS.get(level, f"{level}级") if level else "无评定结果"
    if level is None or level < r.min_level:
        out.trace.append(
            {"step": "等级门槛", "formula": f"改造后数字化水平须达到{gate}及以上，当前为{shown}", "value": "不满足"}
        )
        out.trace.append({"step": "补贴金额", "formula": "未达到等级门槛，不予补贴", "value": _yuan(ZERO)})
        return out
    out.trace.append({"step": "等级门槛", "formula": f"改造后数字化水平{shown}，要求{gate}及以上", "value": "满足"})
    raw = out.eligible_investment * r.ratio_pct / Decimal(100)
    by_ratio = raw.quantize(CENT, rounding=ROUND_DOWN)
    out.trace.append(
        {
            "step": "按比例",
            "formula": f"{_yuan(out.eligible_investment)} × {_pct(r.ratio_pct)}（不足 1 分的部分舍去）",
            "value": _yuan(by_ratio),
        }
    )
    amount = min(by_ratio, r.cap)
    out.trace.append(
        {
            "step": "补贴金额",
            "formula": f"按比例金额与单个企业上限 {_yuan(r.cap)} 取较小者",
            "value": _yuan(amount),
        }
    )
    out.amount = amount
    out.eligible = amount > 0
    return out


def tranche_amounts(committed: Decimal, r: Rules | None = None) -> list[Decimal]:
    """The commitment split into the configured batches; the last takes the remainder so the sum is exact."""
    r = r or rules()
    parts = [(committed * p / Decimal(100)).quantize(CENT, rounding=ROUND_DOWN) for p in r.tranches_pct[:-1]]
    return [*parts, committed - sum(parts, ZERO)]
