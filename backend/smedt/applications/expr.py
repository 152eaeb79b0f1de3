"""A tiny, safe expression language for template rules (formulas, cross-field checks, indicators,
eligibility). Parsed here by a recursive-descent parser into a small tree; evaluated with Decimal
arithmetic; never `eval`. Pure: values in, values out.

    expr  := or ;  or := and ("or" and)* ;  and := not ("and" not)* ;  not := "not" not | cmp
    cmp   := add (("<" | "<=" | ">" | ">=" | "==" | "!=") add)?
    add   := mul (("+" | "-") mul)* ;  mul := unary (("*" | "/") unary)* ;  unary := "-" unary | atom
    atom  := NUMBER | NAME | NAME "(" [expr ("," expr)*] ")" | "(" expr ")"

NAME is a field key (``revenue``), a table column (``patents.count`` → the column's values, for
``sum``/``count``) or a fact (``enterprise.operating_revenue``). A missing value makes the result
unknown (``None``) instead of failing: a half-filled form is not an error. Division by zero is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

MAX_LENGTH = 500
MAX_DEPTH = 40

Value = Decimal | bool | list[Decimal | None] | None


class ExprError(Exception):
    """A rule that cannot be parsed or evaluated; `message` is Chinese, `code` stable."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class DivisionByZero(ExprError):
    def __init__(self, expr: str) -> None:
        super().__init__("division_by_zero", f"计算“{expr}”时除数为零")


# --- tree -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Num:
    value: Decimal


@dataclass(frozen=True)
class Name:
    name: str


@dataclass(frozen=True)
class Call:
    func: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Unary:
    op: str
    operand: Node


@dataclass(frozen=True)
class Binary:
    op: str
    left: Node
    right: Node


Node = Num | Name | Call | Unary | Binary

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)"
    r"|(?P<op><=|>=|==|!=|[-+*/()<>,]))"
)
KEYWORDS = {"and", "or", "not"}
FUNCTIONS: dict[str, tuple[int, int]] = {  # name: (min args, max args)
    "min": (1, 20),
    "max": (1, 20),
    "abs": (1, 1),
    "round": (1, 2),
    "sum": (1, 1),
    "count": (1, 1),
    "if": (3, 3),
}


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            bad = text[pos:].strip()[:1]
            raise ExprError("syntax", f"表达式中有无法识别的字符“{bad}”")
        kind = m.lastgroup or ""
        value = m.group(kind)
        if kind == "name" and value in KEYWORDS:
            kind = "op"
        out.append((kind, value))
        pos = m.end()
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.pos = 0
        self.depth = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, value: str | None = None) -> tuple[str, str]:
        tok = self.peek()
        if tok is None:
            raise ExprError("syntax", "表达式不完整")
        if value is not None and tok[1] != value:
            raise ExprError("syntax", f"表达式此处应为“{value}”，实为“{tok[1]}”")
        self.pos += 1
        return tok

    def at(self, *values: str) -> bool:
        tok = self.peek()
        return tok is not None and tok[0] == "op" and tok[1] in values

    def parse(self) -> Node:
        node = self.or_()
        if self.peek() is not None:
            raise ExprError("syntax", f"表达式多出了“{self.peek()[1]}”")  # type: ignore[index]  # checked above
        return node

    def _nest(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError("too_deep", "表达式嵌套过深")

    def or_(self) -> Node:
        node = self.and_()
        while self.at("or"):
            self.take()
            node = Binary("or", node, self.and_())
        return node

    def and_(self) -> Node:
        node = self.not_()
        while self.at("and"):
            self.take()
            node = Binary("and", node, self.not_())
        return node

    def not_(self) -> Node:
        if self.at("not"):
            self.take()
            self._nest()
            return Unary("not", self.not_())
        return self.cmp()

    def cmp(self) -> Node:
        node = self.add()
        if self.at("<", "<=", ">", ">=", "==", "!="):
            op = self.take()[1]
            node = Binary(op, node, self.add())
        return node

    def add(self) -> Node:
        node = self.mul()
        while self.at("+", "-"):
            op = self.take()[1]
            node = Binary(op, node, self.mul())
        return node

    def mul(self) -> Node:
        node = self.unary()
        while self.at("*", "/"):
            op = self.take()[1]
            node = Binary(op, node, self.unary())
        return node

    def unary(self) -> Node:
        if self.at("-"):
            self.take()
            self._nest()
            return Unary("-", self.unary())
        return self.atom()

    def atom(self) -> Node:
        kind, value = self.take()
        if kind == "num":
            return Num(Decimal(value))
        if kind == "name":
            if self.at("("):
                if value not in FUNCTIONS:
                    raise ExprError("unknown_function", f"不支持的函数“{value}”")
                self.take("(")
                self._nest()
                args: list[Node] = []
                if not self.at(")"):
                    args.append(self.or_())
                    while self.at(","):
                        self.take()
                        args.append(self.or_())
                self.take(")")
                lo, hi = FUNCTIONS[value]
                if not lo <= len(args) <= hi:
                    raise ExprError("arity", f"函数“{value}”的参数个数不正确")
                return Call(value, tuple(args))
            return Name(value)
        if value == "(":
            self._nest()
            node = self.or_()
            self.take(")")
            return node
        raise ExprError("syntax", f"表达式此处不应出现“{value}”")


def parse(text: str) -> Node:
    """Parse a rule; raises ExprError with a Chinese message on any mistake. Trees are immutable, so
    the parse of a template's rules is cached across submissions."""
    if not isinstance(text, str):
        raise ExprError("empty", "表达式不能为空")
    return _parse(text)


@lru_cache(maxsize=4096)
def _parse(text: str) -> Node:
    if not isinstance(text, str) or not text.strip():
        raise ExprError("empty", "表达式不能为空")
    if len(text) > MAX_LENGTH:
        raise ExprError("too_long", f"表达式不能超过 {MAX_LENGTH} 个字符")
    return _Parser(text).parse()


def names(node: Node) -> set[str]:
    """Every name a rule reads (to check them against the template at design time)."""
    if isinstance(node, Name):
        return {node.name}
    if isinstance(node, Call):
        return set().union(*(names(a) for a in node.args)) if node.args else set()
    if isinstance(node, Unary):
        return names(node.operand)
    if isinstance(node, Binary):
        return names(node.left) | names(node.right)
    return set()


# --- evaluation -----------------------------------------------------------------------------------------------


def _num(value: Value, what: str) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, Decimal):
        raise ExprError("type", f"“{what}”应为数值")
    return value


def _column(value: Value, func: str) -> list[Decimal | None]:
    if not isinstance(value, list):
        raise ExprError("type", f"函数“{func}”的参数应为表格中的一列")
    return value


def evaluate(node: Node, env: Mapping[str, Value], *, source: str = "") -> Value:
    """Value of a parsed rule; unknown names are errors, missing values give None."""
    ev: Callable[[Node], Value] = lambda n: evaluate(n, env, source=source)  # noqa: E731
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Name):
        if node.name not in env:
            raise ExprError("unknown_name", f"表达式引用了不存在的字段“{node.name}”")
        return env[node.name]
    if isinstance(node, Unary):
        operand = ev(node.operand)
        if node.op == "not":
            return None if operand is None else not _truth(operand)
        n = _num(operand, "-")
        return None if n is None else -n
    if isinstance(node, Call):
        return _call(node, [ev(a) for a in node.args], source)
    left = ev(node.left)
    if node.op in ("and", "or"):
        if left is not None and not _truth(left) and node.op == "and":
            return False
        if left is not None and _truth(left) and node.op == "or":
            return True
        right = ev(node.right)
        r = None if right is None else _truth(right)
        if node.op == "and" and r is False:
            return False
        if node.op == "or" and r is True:
            return True
        if left is None or r is None:
            return None
        return r
    right = ev(node.right)
    a, b = _num(left, node.op), _num(right, node.op)
    if a is None or b is None:
        return None
    if node.op == "+":
        return a + b
    if node.op == "-":
        return a - b
    if node.op == "*":
        return a * b
    if node.op == "/":
        if b == 0:
            raise DivisionByZero(source or "表达式")
        return a / b
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a == b, "!=": a != b}[node.op]


def _truth(value: Value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return value != 0
    raise ExprError("type", "条件应为真假值")


def _call(node: Call, args: list[Value], source: str) -> Value:
    f = node.func
    if f == "if":
        cond = args[0]
        if cond is None:
            return None
        return args[1] if _truth(cond) else args[2]
    if f in ("sum", "count"):
        column = _column(args[0], f)
        if f == "count":
            return Decimal(len(column))
        return sum((v for v in column if v is not None), Decimal(0))
    nums = [_num(a, f) for a in args]
    if any(n is None for n in nums):
        return None
    clean = [n for n in nums if n is not None]
    if f == "min":
        return min(clean)
    if f == "max":
        return max(clean)
    if f == "abs":
        return abs(clean[0])
    # round(x, places)
    places = int(clean[1]) if len(clean) > 1 else 0
    if not 0 <= places <= 8:
        raise ExprError("arity", "round 的小数位数应在 0 至 8 之间")
    return clean[0].quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def compute(text: str, env: Mapping[str, Value]) -> Value:
    """Parse and evaluate in one go (callers that evaluate often keep the parsed tree)."""
    return evaluate(parse(text), env, source=text)


def to_decimal(value: Any) -> Decimal | None:
    """A stored number (string/int/Decimal) as Decimal; anything else None."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        dec = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return dec if dec.is_finite() else None
