"""创新型 / 专精特新 / 小巨人 applications as campaigns of the application engine (`applications`).

- The form is the criteria's own: ``criteria_form`` builds the template from the compiled criteria of one
  regime and tier — one field per input its conditions, points and 直通条件 read, grouped as the
  self-assessment groups them, fact-bound where the platform knows the figure, and one evidence field
  per kind of proof (财务审计报告, 知识产权证书, 资质荣誉证明, 数字化水平评测报告).
- Every entered figure is compared with the back end through three fact providers: ``tierfacts`` (一企一档
  by year, the latest digital-level assessment, the library's titles), ``tierself`` (the latest
  self-assessment) and ``tierprior`` (the enterprise's previous cultivation application, year-aligned).
  Platform figures are bound to ``tierfacts`` and checked against the self-assessment; the enterprise's own
  figures are bound to (pre-filled from) its self-assessment; all are checked against the prior application.
- The indicators are scored by ``evaluation.evaluate_tier`` — the one implementation of the criteria —
  registered as the engine's scorer ``cultivation.criteria``.
- The result handler ``cultivation.recognition`` records the recognition (certificate number, validity)
  through ``library.recognition_record``, so the library, reminders and the pipeline see it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from smedt.applications.facts import FactProvider, FactSpec
from smedt.applications.prereview import Fact
from smedt.applications.scoring import Scored, Scorer
from smedt.applications.validation import FileInfo, Outcome
from smedt.cultivation.criteria import TIER_LABELS, TIERS
from smedt.cultivation.evaluation import (
    INPUTS,
    MEASURES,
    MET,
    MISSING,
    NOT_MET,
    PASS,
    PRODUCT_FIELDS,
    QUALITY_ITEMS,
    RD_INSTITUTION_LEVELS,
    STATUS_LABELS,
    Criteria,
    InputSpec,
    band_op,
    clean_inputs,
    evaluate_tier,
)

SCORER = "cultivation.criteria"
RESULT_HANDLER = "cultivation.recognition"
YES, NO = "yes", "no"
HOLDS = ("holds_innovative", "holds_specialized")
# inputs the platform knows (self_assessment.prefill) — bound to `tierfacts.<name>`
PLATFORM_INPUTS = (
    "revenue_y1",
    "revenue_y2",
    "revenue_y3",
    "rd_expense_y1",
    "rd_expense_y2",
    "total_assets_y1",
    "employees_y1",
    "rd_staff_y1",
    "ip_class1",
    "ip_class2",
    "digital_level",
)
NUMERIC_KINDS = ("money", "count", "pct", "score")
EVIDENCE: dict[str, tuple[str, list[str]]] = {
    "ev_finance": ("上年度财务审计报告（含研发费用专项审计）", ["pdf", "ofd"]),
    "ev_ip": ("知识产权证书", ["pdf", "jpg", "png"]),
    "ev_qualification": ("资质荣誉与市场地位证明", ["pdf", "jpg", "png"]),
    "ev_digital": ("数字化水平评测报告", ["pdf"]),
}
CERT_PREFIX = {"innovative": "创新型", "specialized": "专精特新", "little_giant": "小巨人"}


def evidence_of(name: str) -> str:
    """The kind of proof an input needs."""
    if name.startswith("ip_"):
        return "ev_ip"
    if name == "digital_level":
        return "ev_digital"
    if INPUTS[name].group == "经营数据" or name.startswith(("rd_expense", "rd_staff")):
        return "ev_finance"
    return "ev_qualification"


# --- the form ------------------------------------------------------------------------------------------------


def _rule_inputs(node: Mapping[str, Any], out: list[str]) -> None:
    if "all" in node or "any" in node:
        for n in node.get("all", node.get("any", [])):
            _rule_inputs(n, out)
    elif "switch" in node:
        out.extend(MEASURES[node["switch"]].inputs)
        for case in node["cases"]:
            _rule_inputs(case["rule"], out)
    elif "flag" in node:
        out.append(node["flag"])
    elif "tier_held" in node:
        out.extend(HOLDS)
    else:
        out.extend(MEASURES[node["measure"]].inputs)


def tier_inputs(criteria: Criteria, tier: str) -> list[str]:
    """Every input the tier's conditions, points, 直通条件 and score read, in the self-assessment's order."""
    t = criteria.tiers[tier]
    used: list[str] = []
    for rule in (*t.conditions, *t.direct):
        _rule_inputs(rule.node, used)
    if t.points is not None:
        for cat in t.points.categories:
            for ind in cat.indicators:
                for scale in ind.scales:
                    used.extend(MEASURES[scale.measure].inputs)
    if t.score is not None:
        used.extend(MEASURES[t.score["measure"]].inputs)
    wanted = set(used)
    return [n for n in INPUTS if n in wanted]


def _field(name: str, spec: InputSpec) -> dict[str, Any]:
    f: dict[str, Any] = {"key": name, "label": spec.label, "required": False}
    if spec.kind == "money":
        f |= {"kind": "number", "unit": "万元", "decimals": 2, "min": None if spec.negative else 0}
    elif spec.kind == "count" or name == "digital_level":
        f |= {"kind": "number", "unit": spec.unit, "decimals": 0, "min": 0, "max": spec.maximum or 10_000_000}
    elif spec.kind == "pct":
        f |= {"kind": "percent"}
    elif spec.kind == "score":
        f |= {"kind": "number", "unit": spec.unit, "decimals": 2, "min": 0, "max": 100}
    elif spec.kind == "level":
        labels = RD_INSTITUTION_LEVELS if name == "rd_institution_level" else PRODUCT_FIELDS
        f |= {"kind": "select", "options": [{"value": str(k), "label": v} for k, v in sorted(labels.items())]}
    elif spec.kind == "bool":
        f |= {"kind": "select", "options": [{"value": YES, "label": "是"}, {"value": NO, "label": "否"}]}
    else:  # items
        f |= {"kind": "multiselect", "options": [{"value": k, "label": v} for k, v in QUALITY_ITEMS.items()]}
    if name in PLATFORM_INPUTS:
        f["fact"] = f"tierfacts.{name}"
        f["help"] = "已按一企一档、数字化水平评测预填；如与平台数据不一致，审核时将提示核实"
    elif spec.kind in NUMERIC_KINDS:
        f["fact"] = f"tierself.{name}"  # answered once: pre-filled from the latest self-assessment
        f["help"] = "已按最近一次梯度培育自评预填；与自评不一致时将提示核实"
    return f


def criteria_form(criteria: Criteria, tier: str) -> dict[str, Any]:
    """The designer payload of the application form of one tier under one regime."""
    names = tier_inputs(criteria, tier)
    sections: dict[str, list[dict[str, Any]]] = {}
    for name in names:
        sections.setdefault(INPUTS[name].group, []).append(_field(name, INPUTS[name]))
    kinds = list(dict.fromkeys(evidence_of(n) for n in names))
    files = [
        {"key": k, "label": EVIDENCE[k][0], "kind": "file", "accept": EVIDENCE[k][1], "max_count": 10}
        for k in EVIDENCE
        if k in kinds
    ]
    numeric = [n for n in names if INPUTS[n].kind in NUMERIC_KINDS or n == "digital_level"]
    checks = [{"field": n, "source": f"tierself.{n}", "tolerance_pct": "0"} for n in numeric if n in PLATFORM_INPUTS]
    checks += [{"field": n, "source": f"tierprior.{n}", "tolerance_pct": "0"} for n in numeric]
    return {
        "sections": [
            {"title": "申报单位声明", "fields": [_statement()]},
            *({"title": title, "fields": fields} for title, fields in sections.items()),
            {"title": "佐证材料", "fields": files},
        ],
        "validations": [],
        "indicators": [],
        "checks": checks,
        "scoring": {"key": SCORER, "options": {"criteria": criteria.version, "tier": tier}},
    }


def _statement() -> dict[str, Any]:
    return {
        "key": "contact",
        "label": "申报联系人及电话",
        "kind": "text",
        "required": True,
        "max_length": 60,
        "help": "本单位承诺所填数据真实、准确，与财务审计报告及一企一档一致",
    }


def template_name(criteria: Criteria, tier: str) -> str:
    return f"{TIER_LABELS[tier]}认定申报书（{criteria.document_no}）"[:100]


# --- the scorer ---------------------------------------------------------------------------------------------


def _scoring_options(raw: Mapping[str, Any]) -> dict[str, Any]:
    from smedt.cultivation.models import CriteriaSet

    tier, version = str(raw.get("tier") or ""), str(raw.get("criteria") or "")
    if tier not in TIERS:
        raise ValueError("梯度培育评分：梯度不正确")
    if not CriteriaSet.objects.filter(version=version).exists():
        raise ValueError(f"梯度培育评分：认定标准版本“{version}”不存在")
    return {"criteria": version, "tier": tier}


def _scoring_facts(options: Mapping[str, Any]) -> set[str]:
    return {f"tierfacts.{n}" for n in HOLDS}


def form_inputs(schema: Mapping[str, Any], data: Mapping[str, Any]) -> dict[str, Any]:
    """The criteria inputs from the cleaned form values; a field left empty is missing data (None), never 0."""
    raw: dict[str, Any] = {}
    for s in schema.get("sections", []):
        for f in s.get("fields", []):
            name = f["key"]
            if name not in INPUTS:
                continue
            value = data.get(name)
            spec = INPUTS[name]
            if value in (None, "", []) and spec.kind != "items":
                raw[name] = None
            elif spec.kind == "bool":
                raw[name] = {YES: True, NO: False}.get(str(value))
            elif spec.kind == "items":
                raw[name] = None if value is None else list(value)
            else:
                raw[name] = value
    return raw


def _evidence_check(
    field: str, data: Mapping[str, Any], files: Mapping[str, FileInfo], schema: Mapping[str, Any]
) -> tuple[bool, str]:
    present = {f["key"] for s in schema.get("sections", []) for f in s.get("fields", [])}
    if field not in present:
        return True, ""
    label, accept = EVIDENCE[field]
    ids = data.get(field) or []
    if not ids:
        return False, f"缺少{label}"
    for att in ids:
        info = files.get(att)
        if info is None or info.ext not in accept:
            return False, f"{label}“{info.name if info else '附件'}”类型不符（应为 {'、'.join(accept)}）"
    return True, ""


def _shown(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, list):
        return "、".join(QUALITY_ITEMS.get(str(x), str(x)) for x in v) or "无"
    return str(v)


def _row(
    key: str,
    name: str,
    *,
    value: Any,
    unit: str,
    rule: str,
    inputs: list[dict[str, str]],
    points: Decimal | None,
    max_points: Decimal,
    passed: bool | None,
    evidence: tuple[bool, str],
    explanation: str,
) -> dict[str, Any]:
    ok, message = evidence
    if not ok and points:
        explanation += f"；{message}，不计分"
        points = Decimal(0)
    return {
        "key": key[:40],
        "name": name[:100],
        "value": None if value is None else str(value),
        "unit": unit,
        "rule": rule,
        "inputs": inputs,
        "points": str((points or Decimal(0)).quantize(Decimal("0.01"))),
        "max_points": str(max_points),
        "passed": passed,
        "evidence_ok": ok,
        "evidence_message": message,
        "explanation": explanation,
    }


def _inputs_out(names: list[str], inputs: Mapping[str, Any]) -> list[dict[str, str]]:
    return [{"name": n, "label": INPUTS[n].label, "value": _shown(inputs.get(n))} for n in dict.fromkeys(names)]


def _leaf_text(lf: Any) -> str:
    d = lf.to_dict()
    if d["kind"] == "measure":
        shown = "缺少数据" if d["value"] is None else f"{d['value']}{d['unit']}"
        return f"{d['label']} {shown}（要求 {d['op']} {d['threshold']}{d['unit']}）"
    return f"{d['label']}：{STATUS_LABELS[d['status']]}"


def score_application(
    schema: Mapping[str, Any], outcome: Outcome, facts: Mapping[str, Any], files: Mapping[str, FileInfo]
) -> Scored:
    """Conditions, points and 直通条件 of the tier, by the criteria's own evaluation, as engine rows."""
    from smedt.cultivation.services.criteria import criteria_compiled, criteria_get

    options = schema["scoring"]["options"]
    tier = options["tier"]
    criteria = criteria_compiled(criteria_get(version=options["criteria"])).criteria
    raw = form_inputs(schema, outcome.data)
    found: list[dict[str, Any]] = []
    for name in HOLDS:  # titles held come from the library; an answer the library does not show is flagged
        fact = facts.get(f"tierfacts.{name}")
        held = fact is not None and fact.value == "True"
        if raw.get(name) is None and held:
            raw[name] = True
        elif raw.get(name) is True and not held and name in raw:
            found.append(
                _finding(
                    name,
                    "yes",
                    "未登记",
                    "tierfacts",
                    "梯度培育库",
                    f"{INPUTS[name].label}：培育库中没有有效期内的认定记录",
                )
            )
    inputs, errors = clean_inputs(raw)
    for name, message in errors.items():
        outcome.errors.setdefault(name, message)
    inputs = {k: v for k, v in inputs.items() if k not in errors}
    result = evaluate_tier(criteria, tier, inputs)
    t = result.tier
    rows: list[dict[str, Any]] = []
    for cond, rule in zip(result.conditions, t.conditions, strict=True):
        used: list[str] = []
        _rule_inputs(rule.node, used)
        status = cond["status"]
        rows.append(
            _row(
                f"c_{rule.id}",
                f"认定条件 {rule.id}",
                value=STATUS_LABELS[status],
                unit="",
                rule=rule.text,
                inputs=_inputs_out(used, inputs),
                points=None,
                max_points=Decimal(0),
                passed=None if status == MISSING else status == MET,
                evidence=_evidence_check(evidence_of(used[0]), outcome.data, files, schema)
                if status == MET and used
                else (True, ""),
                explanation=f"{STATUS_LABELS[status]}：" + "；".join(_leaf_text(lf) for lf in cond["_leaves"]),
            )
        )
    for r in result.indicators:
        ind = r.indicator
        used = [n for s in ind.scales for n in MEASURES[s.measure].inputs] if ind.scales else []
        scale = ind.scales[r.scale_index] if ind.scales else None
        value = r.values.get(scale.measure) if scale else None
        bands_text = "；".join(
            f"{'' if b.bound is None else band_op(s, criteria.band_edge) + ' ' + str(b.bound)}"
            f"{MEASURES[s.measure].unit if b.bound is not None else '其他'} 得 {b.score} 分"
            for s in ind.scales
            for b in s.bands
        )
        if r.points is None:
            missing = "、".join(INPUTS[n].label if n in INPUTS else n for n in r.missing)
            why = f"缺少数据（{missing}），暂不计分；已确定可得 {r.low} 分"
        else:
            why = f"取值 {value if value is not None else '—'}{MEASURES[scale.measure].unit if scale else ''}，{r.band}，得 {r.points} 分"
        rows.append(
            _row(
                f"i_{ind.id}",
                ind.name,
                value=None if value is None else value.quantize(Decimal("0.0001")).normalize(),
                unit=MEASURES[scale.measure].unit if scale else "",
                rule=bands_text or "由省级特色化指标选项确定",
                inputs=_inputs_out(used, inputs),
                points=r.points if r.points is not None else r.low,
                max_points=ind.max,
                passed=None,
                evidence=_evidence_check(evidence_of(used[0]), outcome.data, files, schema)
                if used and (r.points or r.low)
                else (True, ""),
                explanation=why,
            )
        )
    for d in result.direct:
        if d["status"] == MET:
            rows.append(
                _row(
                    f"d_{d['id']}",
                    f"直通条件 {d['id']}",
                    value="满足",
                    unit="",
                    rule=d["text"],
                    inputs=[],
                    points=None,
                    max_points=Decimal(0),
                    passed=True,
                    evidence=(True, ""),
                    explanation="满足直通条件：" + "；".join(_leaf_text(lf) for lf in d["_leaves"]),
                )
            )
    verdict = _verdict(result, criteria)
    if result.status != PASS:
        found.append(_finding("", "", "", "", "认定标准", verdict, kind="criteria_not_met"))
    return Scored(rows, found)


def _verdict(result: Any, criteria: Criteria) -> str:
    t = result.tier
    parts = [f"按{criteria.document_no}测算{TIER_LABELS[t.key]}：{STATUS_LABELS[result.status]}"]
    unmet = [c["id"] for c in result.conditions if c["status"] == NOT_MET]
    missing = [c["id"] for c in result.conditions if c["status"] == MISSING]
    if unmet:
        parts.append(f"不满足条件 {'、'.join(unmet)}")
    if missing:
        parts.append(f"条件 {'、'.join(missing)} 缺少数据")
    if t.points is not None and result.total_low is not None:
        parts.append(f"得分 {result.total_low}（及格线 {t.points.pass_line}）")
    return "；".join(parts)


def _finding(
    field: str, entered: str, backend: str, source: str, source_label: str, message: str, kind: str = "fact_mismatch"
) -> dict[str, Any]:
    return {
        "kind": kind,
        "field": field,
        "label": INPUTS[field].label if field in INPUTS else "认定结论",
        "entered": entered,
        "backend": backend,
        "source": source,
        "source_label": source_label,
        "message": message,
    }


# --- the fact providers -------------------------------------------------------------------------------------


def _spec(name: str) -> FactSpec:
    spec = INPUTS[name]
    kind = {"money": "number", "pct": "percent"}.get(spec.kind, "number")
    return FactSpec(name, spec.label, kind, spec.unit)


NUMERIC_INPUTS = tuple(n for n, s in INPUTS.items() if s.kind in NUMERIC_KINDS or n == "digital_level")


def _platform_facts(org_id: int, keys: set[str]) -> dict[str, Fact]:
    from smedt.cultivation.services.self_assessment import SOURCE_LABELS, prefill
    from smedt.orgs.models import Organization

    org = Organization.objects.filter(pk=org_id).first()
    if org is None:
        return {}
    today = timezone.localdate()
    out: dict[str, Fact] = {}
    for name, a in prefill(org=org, as_of=today).items():
        if name not in keys:
            continue
        note = a.get("note", "")  # e.g. "2025 年度": the year is in the note already
        out[name] = Fact(
            value=str(a["value"]),
            label=f"{SOURCE_LABELS.get(a['source'], '平台数据')}·{INPUTS[name].label}",
            source_label=note or SOURCE_LABELS.get(a["source"], ""),
        )
    return out


def _self_facts(org_id: int, keys: set[str]) -> dict[str, Fact]:
    from smedt.cultivation.models import SelfAssessment

    sa = SelfAssessment.objects.filter(org_id=org_id).order_by("-id").only("answers", "as_of", "created_at").first()
    if sa is None:
        return {}
    return {
        name: Fact(
            value=str(a["value"]),
            label=f"梯度培育自评·{INPUTS[name].label}",
            source_label=f"{sa.as_of:%Y-%m-%d} 自评",
            recorded_at=sa.created_at.isoformat(),
        )
        for name, a in sa.answers.items()
        if name in keys and a.get("value") is not None
    }


def _year_shift(name: str, shift: int) -> str | None:
    """revenue_y1 one year later is revenue_y2: the same figure under the earlier application's name."""
    base, _, suffix = name.rpartition("_y")
    if not base or not suffix.isdigit():
        return name if shift == 0 else None
    k = int(suffix) - shift
    other = f"{base}_y{k}"
    return other if k >= 1 and other in INPUTS else None


def _prior_facts(org_id: int, keys: set[str]) -> dict[str, Fact]:
    from smedt.applications.models import Submission

    prior = (
        Submission.objects.filter(
            org_id=org_id,
            campaign__result_handler=RESULT_HANDLER,
            status__in=("reviewing", "publicity", "approved", "rejected"),
        )
        .select_related("campaign")
        .order_by("-submitted_at", "-id")
        .first()
    )
    if prior is None or prior.submitted_at is None:
        return {}
    shift = timezone.localdate().year - timezone.localtime(prior.submitted_at).year
    out: dict[str, Fact] = {}
    for name in keys:
        then = _year_shift(name, shift)
        value = prior.data.get(then) if then else None
        if value in (None, ""):
            continue
        out[name] = Fact(
            value=str(value),
            label=f"往次申报·{INPUTS[name].label}",
            source_label=f"{prior.campaign.name}（{timezone.localtime(prior.submitted_at):%Y-%m-%d} 提交）",
            recorded_at=prior.submitted_at.isoformat(),
        )
    return out


PLATFORM = FactProvider(
    name="tierfacts",
    label="平台数据（一企一档、数字化水平评测、梯度培育库）",
    specs=(*(_spec(n) for n in PLATFORM_INPUTS), *(FactSpec(n, INPUTS[n].label, "text") for n in HOLDS)),
    fetch=_platform_facts,
)
SELF = FactProvider(
    name="tierself", label="梯度培育自评", specs=tuple(_spec(n) for n in NUMERIC_INPUTS), fetch=_self_facts
)
PRIOR = FactProvider(
    name="tierprior", label="往次梯度培育申报", specs=tuple(_spec(n) for n in NUMERIC_INPUTS), fetch=_prior_facts
)
CRITERIA_SCORER = Scorer(
    key=SCORER,
    label="梯度培育认定标准（63号、2号文）",
    clean_options=_scoring_options,
    score=score_application,
    facts=_scoring_facts,
)


# --- the result ---------------------------------------------------------------------------------------------


def certificate_next(tier: str, on: date) -> str:
    from smedt.cultivation.models import Recognition

    prefix = f"{CERT_PREFIX[tier]}〔{on.year}〕"
    n = Recognition.objects.filter(tier=tier, certificate_no__startswith=prefix).count() + 1
    while Recognition.objects.filter(tier=tier, certificate_no=f"{prefix}{n:04d}").exists():
        n += 1
    return f"{prefix}{n:04d}"


def recognition_from_submission(submission: Any, actor: Any) -> None:
    """入选: record the tier with a certificate number and its validity in the cultivation library."""
    from smedt.cultivation.services.library import recognition_record

    options = (submission.template_version.schema.get("scoring") or {}).get("options") or {}
    tier = options.get("tier")
    if tier not in TIERS:
        return
    on = timezone.localdate()
    recognition_record(
        actor=actor,
        org_id=submission.org_id,
        tier=tier,
        certificate_no=certificate_next(tier, on),
        recognized_on=on,
        note=f"{submission.campaign.name}（申报书 {submission.pk}）"[:500],
        source="application",
    )


def register() -> None:
    from smedt.applications.facts import register_fact_provider
    from smedt.applications.results import register_result_handler
    from smedt.applications.scoring import register_scorer

    for provider in (PLATFORM, SELF, PRIOR):
        register_fact_provider(provider)
    register_scorer(CRITERIA_SCORER)
    register_result_handler(RESULT_HANDLER, "登记梯度培育认定并入培育库", recognition_from_submission)
