"""统一社会信用代码 (GB 32100-2015): shape and check character. Pure; no database."""

from __future__ import annotations

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]
_ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def normalize(code: str) -> str:
    return code.strip().upper()


def check_char(first17: str) -> str:
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31]


def validation_error(code: str) -> str | None:
    """None when valid; else a Chinese message saying what is wrong."""
    value = normalize(code)
    if len(value) != 18:
        return f"统一社会信用代码应为 18 位，当前为 {len(value)} 位"
    bad = sorted({c for c in value if c not in USCC_CHARS})
    if bad:
        return f"统一社会信用代码含有不允许的字符：{''.join(bad)}（不使用 I、O、S、V、Z）"
    if not value[2:8].isdigit():
        return "统一社会信用代码第 3–8 位应为登记管理机关行政区划码（数字）"
    if check_char(value[:17]) != value[17]:
        return "统一社会信用代码校验位不正确，请核对后重新输入"
    return None


def is_valid(code: str) -> bool:
    return validation_error(code) is None


def org_code_check_ok(code: str) -> bool:
    """Second check on the embedded organisation code (positions 9–17); a warning only."""
    body = normalize(code)[8:17]
    if len(body) != 9:
        return False
    try:
        values = [int(c, 36) for c in body[:8]]
    except ValueError:
        return False
    r = 11 - sum(v * w for v, w in zip(values, _ORG_CODE_WEIGHTS, strict=True)) % 11
    expected = "X" if r == 10 else "0" if r == 11 else str(r)
    return body[8] == expected


def make_valid(first17: str) -> str:
    """Complete 17 characters with their check character (for demo data and tests)."""
    return first17 + check_char(first17)
