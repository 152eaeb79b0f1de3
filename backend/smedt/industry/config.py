"""Configuration of the industry module, read from `industry/data/*.yaml` (versioned with the code):
the indicator list, the reporting frequency, the due days and the jump / drop thresholds; and the periods."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

DATA_DIR = Path(__file__).parent / "data"
MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
QUARTER_RE = re.compile(r"^(\d{4})-Q([1-4])$")


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    unit: str
    kind: str  # money | number | count | percent
    signed: bool = False
    fact: str = ""


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DATA_DIR / "indicators.yaml").read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=1)
def chains_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DATA_DIR / "chains-xinxiang.yaml").read_text(encoding="utf-8"))
    return data


def indicators() -> tuple[Indicator, ...]:
    return tuple(
        Indicator(
            code=str(i["code"]),
            name=str(i["name"]),
            unit=str(i["unit"]),
            kind=str(i["kind"]),
            signed=bool(i.get("signed", False)),
            fact=str(i.get("fact", "")),
        )
        for i in _data()["indicators"]
    )


def indicator_map() -> dict[str, Indicator]:
    return {i.code: i for i in indicators()}


def version() -> str:
    return str(_data().get("version", ""))


def frequency() -> str:
    value = str(getattr(settings, "SMEDT_INDUSTRY_FREQUENCY", _data().get("frequency", "month")))
    if value not in ("month", "quarter"):
        raise ValueError("industry frequency must be month or quarter")
    return value


def _pct(setting: str, key: str) -> Decimal:
    value = Decimal(str(getattr(settings, setting, _data()[key])))
    if not Decimal(0) < value <= Decimal(1000):
        raise ValueError(f"{setting} must be between 0 and 1000")
    return value


def jump_pct() -> Decimal:
    return _pct("SMEDT_INDUSTRY_JUMP_PCT", "jump_pct")


def drop_pct() -> Decimal:
    return _pct("SMEDT_INDUSTRY_DROP_PCT", "drop_pct")


def due_days() -> int:
    return int(_data().get("due_days", 15))


# --- periods -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    code: str
    start: date
    end: date  # inclusive

    @property
    def due_on(self) -> date:
        return self.end + timedelta(days=due_days())

    @property
    def label(self) -> str:
        if "Q" in self.code:
            return f"{self.start.year}年第{self.code[-1]}季度"
        return f"{self.start.year}年{self.start.month}月"


def _month_end(year: int, month: int) -> date:
    nxt = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return nxt - timedelta(days=1)


def period_parse(code: str) -> Period | None:
    """The period a code names in the configured frequency, or None when it is not one."""
    if frequency() == "month":
        m = MONTH_RE.match(code)
        if not m:
            return None
        y, mo = int(m.group(1)), int(m.group(2))
        if not 2000 <= y <= 2100:
            return None
        return Period(code, date(y, mo, 1), _month_end(y, mo))
    q = QUARTER_RE.match(code)
    if not q:
        return None
    y, n = int(q.group(1)), int(q.group(2))
    if not 2000 <= y <= 2100:
        return None
    return Period(code, date(y, 3 * n - 2, 1), _month_end(y, 3 * n))


def period_of(day: date) -> Period:
    code = f"{day.year}-{day.month:02d}" if frequency() == "month" else f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    period = period_parse(code)
    assert period is not None  # built from a real date
    return period


def period_previous(period: Period) -> Period:
    return period_of(period.start - timedelta(days=1))


def periods_back(period: Period, n: int) -> list[Period]:
    """The n periods ending with `period`, oldest first."""
    out = [period]
    while len(out) < n:
        out.append(period_previous(out[-1]))
    return list(reversed(out))


def period_current_due(today: date) -> Period:
    """The latest period that has ended (the one enterprises are asked to report now)."""
    return period_previous(period_of(today))
