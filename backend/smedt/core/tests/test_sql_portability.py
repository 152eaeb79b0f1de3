"""信创 portability: no PostgreSQL-only SQL outside ``smedt/core/dbcompat.py``.

The platform must run on PostgreSQL-compatible 信创 databases (KingbaseES, openGauss) and on
达梦 through its own Django backend, so product code speaks the Django ORM only. This test reads
every Python file of ``smedt/`` and ``config/`` (migrations included, tests excluded: they may
tamper with the database on purpose) and fails on:

- imports of ``django.contrib.postgres`` (ArrayField, SearchVector, ArrayAgg …);
- raw SQL entry points: ``.raw()``, ``.extra()``, ``RawSQL``, ``RunSQL``, ``cursor()``,
  ``.execute()`` / ``.executemany()``;
- custom SQL functions (``Func(function=…)``) and collations (``Collate``, ``db_collation``);
- ``.distinct(field, …)`` (``DISTINCT ON`` exists only on PostgreSQL);
- PostgreSQL-only lookups (``__search``, ``__trigram_similar``, ``__unaccent``, ``__overlap``,
  ``__contained_by``) and SQL fragments in strings (``::type`` casts, ``ILIKE``, ``plpgsql``,
  ``ON CONFLICT``, ``DISTINCT ON``, ``jsonb``, ``tsvector`` …).

Put what must differ by database into ``smedt/core/dbcompat.py``, behind ``connection.vendor``.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

BACKEND = Path(__file__).resolve().parents[3]
COMPAT_MODULE = BACKEND / "smedt" / "core" / "dbcompat.py"
SCANNED_ROOTS = [BACKEND / "smedt", BACKEND / "config"]

RAW_SQL_METHODS = {"raw", "extra", "cursor", "execute", "executemany"}
RAW_SQL_NAMES = {"RawSQL", "RunSQL", "Collate"}
PG_ONLY_LOOKUPS = (
    "__search",
    "__trigram_similar",
    "__trigram_word_similar",
    "__unaccent",
    "__overlap",
    "__contained_by",
)
PG_ONLY_SQL = re.compile(
    r"(?i)(\w::\w|\bILIKE\b|\bplpgsql\b|\bON\s+CONFLICT\b|\bDISTINCT\s+ON\b|\bjsonb\b|\bto_tsvector\b|\btsquery\b"
    r"|\bstring_agg\b|\barray_agg\b|\bgenerate_series\b|\bRETURNING\s+\w|\bSERIAL\b|\bpg_catalog\b|\bpg_advisory)"
)
# strings that look like SQL, so a prose docstring mentioning "jsonb" does not count
SQL_CONTEXT = re.compile(r"(?i)\b(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|WHERE|FROM)\b")


def _has_pg_lookup(name: str) -> bool:
    return any(name.endswith(lookup) or f"{lookup}__" in name for lookup in PG_ONLY_LOOKUPS)


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def scan_source(source: str, path: str = "<string>") -> list[Finding]:
    """Every non-portable construct in one Python source (see the module docstring)."""
    found: list[Finding] = []
    tree = ast.parse(source, filename=path)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }

    def add(node: ast.AST, what: str) -> None:
        found.append(Finding(path, getattr(node, "lineno", 0), what))

    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("django.contrib.postgres"):
            add(node, f"import from {node.module}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("django.contrib.postgres"):
                    add(node, f"import {alias.name}")
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if isinstance(func, ast.Attribute) and name in RAW_SQL_METHODS:
                add(node, f"raw SQL: {_dotted(func) or name}()")
            elif name in RAW_SQL_NAMES:
                add(node, f"raw SQL: {name}()")
            elif isinstance(func, ast.Attribute) and name == "distinct" and (node.args or node.keywords):
                add(node, "distinct(fields) is DISTINCT ON (PostgreSQL only)")
            for kw in node.keywords:
                if kw.arg in {"function", "template"} and name in {"Func", "Aggregate", "Transform"}:
                    add(node, f"custom SQL function: {name}({kw.arg}=…)")
                if kw.arg == "db_collation":
                    add(node, "db_collation names are vendor-specific")
                if kw.arg and _has_pg_lookup(kw.arg):
                    add(node, f"PostgreSQL-only lookup: {kw.arg}")
        elif isinstance(node, ast.ClassDef):
            for base in node.bases:
                if _dotted(base).split(".")[-1] in {"Func", "Aggregate", "Transform", "Lookup"}:
                    for stmt in node.body:
                        if isinstance(stmt, ast.Assign) and any(
                            isinstance(t, ast.Name) and t.id in {"function", "template", "lookup_name"}
                            for t in stmt.targets
                        ):
                            add(stmt, f"custom SQL in class {node.name}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            text = node.value
            if _has_pg_lookup(text):
                add(node, f"PostgreSQL-only lookup in a string: {text[:60]!r}")
            elif SQL_CONTEXT.search(text) and (match := PG_ONLY_SQL.search(text)):
                add(node, f"PostgreSQL-only SQL {match.group(0)!r} in {text.strip()[:60]!r}")
    return found


def _product_files() -> list[Path]:
    files: list[Path] = []
    for root in SCANNED_ROOTS:
        for path in sorted(root.rglob("*.py")):
            parts = set(path.relative_to(BACKEND).parts)
            if "tests" in parts or path.name == "conftest.py" or path == COMPAT_MODULE:
                continue
            if "testing" in parts:
                continue  # stand-in identity providers for tests (their own Django projects)
            files.append(path)
    return files


def test_no_postgresql_only_sql_outside_the_compatibility_module() -> None:
    files = _product_files()
    assert len(files) > 100  # the scan really covers the code base
    findings = [f for path in files for f in scan_source(path.read_text("utf-8"), str(path.relative_to(BACKEND)))]
    assert not findings, (
        "Non-portable SQL outside smedt/core/dbcompat.py (move it there behind connection.vendor, "
        "or use the ORM):\n" + "\n".join(str(f) for f in findings)
    )


def test_the_compatibility_module_is_where_the_raw_sql_is() -> None:
    # the scanner does see the SQL it exempts, so the exemption is not an empty promise
    findings = scan_source(COMPAT_MODULE.read_text("utf-8"), "dbcompat.py")
    assert any("raw SQL" in f.what for f in findings)
    assert any("plpgsql" in f.what.lower() for f in findings)


def test_the_scanner_flags_each_kind_of_postgresql_only_code() -> None:
    snippets = {
        "from django.contrib.postgres.fields import ArrayField": "import from django.contrib.postgres",
        "import django.contrib.postgres.search": "import django.contrib.postgres",
        "Thing.objects.raw('SELECT 1')": "raw SQL",
        "qs.extra(where=['a = 1'])": "raw SQL",
        "qs.annotate(x=RawSQL('now()', []))": "raw SQL: RawSQL",
        "migrations.RunSQL('CREATE INDEX x ON t (a)')": "raw SQL: RunSQL",
        "with connection.cursor() as c: pass": "raw SQL",
        "qs.order_by('a').distinct('a')": "DISTINCT ON",
        "qs.filter(title__search='数字化')": "__search",
        "qs.filter(name__unaccent__icontains='a')": "__unaccent",
        "qs.annotate(n=Func(F('a'), function='ARRAY_LENGTH'))": "custom SQL function",
        "class Age(Func):\n    function = 'AGE'": "custom SQL in class",
        "models.CharField(max_length=9, db_collation='zh_CN')": "db_collation",
        "SQL = 'SELECT id::text FROM t'": "'d::t'",
        "SQL = 'SELECT * FROM t WHERE name ILIKE %s'": "ILIKE",
        "SQL = 'INSERT INTO t (a) VALUES (1) ON CONFLICT DO NOTHING'": "ON CONFLICT",
    }
    for source, expected in snippets.items():
        findings = scan_source(source)
        assert findings, f"not flagged: {source}"
        assert any(expected in str(f) for f in findings), (source, findings)


def test_the_scanner_leaves_portable_orm_code_alone() -> None:
    portable = '''
"""Uses jsonb in prose only; SELECT mentioned in a docstring is fine."""
from django.db.models import Count, F, Q, Sum
qs = Thing.objects.filter(Q(name__icontains="a") | Q(code__startswith="b")).select_for_update(of=("self",))
qs = qs.annotate(n=Count("x"), s=Sum(F("a") * 2)).order_by("-n").distinct()
label = "时间: 12::30 is not SQL"
'''
    assert scan_source(portable) == []
