/**
 * Pure helpers of the questionnaire screen: sections, progress and what is missing, the
 * exclusive "无" of multi-select questions, and the band the evidence figures point to.
 *
 * The band check here is for display only — the score always comes from the ticked option
 * and the back end computes the authoritative check on submit (result.dimensions[].…evidence).
 */
import type {
  AnswerValue,
  Answers,
  Evidence,
  QDimension,
  QEvidenceField,
  QGroup,
  QOption,
  QQuestion,
  QScenarioGroup,
  Questionnaire,
  ScenarioLevels,
} from '@/api/assessment'

export interface Section {
  /** "g:<group id>" for an indicator group, "s:<scenario group id>" for scenarios. */
  key: string
  /** Tab the section belongs to: a dimension id or "scenarios". */
  tab: string
  title: string
  group?: QGroup
  scenarioGroup?: QScenarioGroup
}

export interface Tab {
  key: string
  title: string
  sections: Section[]
}

export const SCENARIO_TAB = 'scenarios'

/** Dimension tabs (scored ones first, then the scenario dimension), each with its group sections. */
export function buildTabs(q: Questionnaire): Tab[] {
  const tabs: Tab[] = q.dimensions.map((d: QDimension) => ({
    key: d.id,
    title: `${d.name}（${d.max_score} 分）`,
    sections: d.groups.map((g) => ({ key: `g:${g.id}`, tab: d.id, title: g.name, group: g })),
  }))
  tabs.push({
    key: SCENARIO_TAB,
    title: q.scenario_dimension.name,
    sections: q.scenario_dimension.groups.map((g) => ({
      key: `s:${g.id}`,
      tab: SCENARIO_TAB,
      title: g.name,
      scenarioGroup: g,
    })),
  })
  return tabs
}

export function allQuestions(q: Questionnaire): QQuestion[] {
  return q.dimensions.flatMap((d) => d.groups.flatMap((g) => g.questions))
}

export function isAnswered(value: AnswerValue | null | undefined): boolean {
  if (value === null || value === undefined || value === '') return false
  return !Array.isArray(value) || value.length > 0
}

export interface MissingItem {
  ref: string
  kind: 'question' | 'scenario'
  tab: string
  message: string
}

export interface Progress {
  answered: number
  total: number
  percent: number
  missing: MissingItem[]
}

/** Answered / total over questions and scenarios (a scenario rated 0 = 未达到一级 counts as answered). */
export function computeProgress(q: Questionnaire, answers: Answers, scenarios: ScenarioLevels): Progress {
  const missing: MissingItem[] = []
  let total = 0
  for (const d of q.dimensions) {
    for (const g of d.groups) {
      for (const question of g.questions) {
        total += 1
        if (!isAnswered(answers[question.id])) {
          missing.push({ ref: question.id, kind: 'question', tab: d.id, message: `${question.id} ${question.indicator}：尚未作答` })
        }
      }
    }
  }
  for (const g of q.scenario_dimension.groups) {
    for (const s of g.scenarios) {
      total += 1
      const level = scenarios[s.id]
      if (level === null || level === undefined) {
        missing.push({ ref: s.id, kind: 'scenario', tab: SCENARIO_TAB, message: `${s.id} ${s.name}：尚未选择场景等级` })
      }
    }
  }
  const answered = total - missing.length
  return { answered, total, percent: total ? Math.floor((answered * 100) / total) : 0, missing }
}

/**
 * Ticking an option of a multi-select question: the exclusive option ("无") clears the
 * others, any other option clears the exclusive one. Codes stay in the definition's order.
 */
export function toggleMulti(question: QQuestion, current: string[], code: string, checked: boolean): string[] {
  const option = question.options.find((o) => o.code === code)
  if (!option) return current
  let next: Set<string>
  if (!checked) {
    next = new Set(current.filter((c) => c !== code))
  } else if (option.exclusive) {
    next = new Set([code])
  } else {
    const exclusive = new Set(question.options.filter((o) => o.exclusive).map((o) => o.code))
    next = new Set([...current.filter((c) => !exclusive.has(c)), code])
  }
  return question.options.filter((o) => next.has(o.code)).map((o) => o.code)
}

/** The sections of a draft PATCH for one change; null clears the item. */
export function answerValue(value: AnswerValue | null | undefined): AnswerValue | null {
  return isAnswered(value) ? (value as AnswerValue) : null
}

// ---- evidence bands (display only) ------------------------------------------------------------------

export interface Interval {
  low: number
  lowInclusive: boolean
  high: number
  highInclusive: boolean
}

/** "[0-10%]" / "(10%,20%]" / "[0,10]" → an interval of the percentage; null when the text is not one. */
export function parseBand(text: string): Interval | null {
  const m = /^\s*([[(])\s*(-?\d+(?:\.\d+)?)\s*%?\s*[-,，~～]\s*(-?\d+(?:\.\d+)?)\s*%?\s*([\])])\s*$/.exec(text)
  if (!m) return null
  return { low: Number(m[2]), lowInclusive: m[1] === '[', high: Number(m[3]), highInclusive: m[4] === ']' }
}

type Change = 'increase' | 'flat' | 'decrease'
const CHANGE_TEXT: Record<string, Change> = { 增加: 'increase', 提高: 'increase', 持平: 'flat', 降低: 'decrease', 减少: 'decrease' }
const CHANGE_NAME: Record<Change, string> = { increase: '增加', flat: '持平', decrease: '降低' }

interface Ratio {
  numerator: string
  denominator: string
}

export interface EvidenceRule {
  kind: 'ratio_percent' | 'change'
  name: string
  current: Ratio
  previous?: Ratio
  unit?: string
  scale?: number
}

/**
 * Which figures make the ratio of a banded question. The questionnaire endpoint does not
 * expose the definition's `compute` blocks yet, so the 2024-manufacturing ones are mirrored
 * here by question id (no thresholds: the bands are read from the option texts). A question
 * not listed simply shows no computed band.
 */
export const EVIDENCE_RULES: Record<string, EvidenceRule> = {
  'MF-02': { kind: 'ratio_percent', name: '设备数字化率', current: { numerator: 'digital_equipment', denominator: 'production_equipment' } },
  'MF-03': { kind: 'ratio_percent', name: '设备联网率', current: { numerator: 'networked_equipment', denominator: 'production_equipment' } },
  'MM-04': {
    kind: 'ratio_percent',
    name: '数字化投入占营业收入比例',
    current: { numerator: 'digital_investment', denominator: 'revenue_average' },
  },
  'MR-01': {
    kind: 'change',
    name: '万元营业收入综合能源消费量',
    unit: '吨标准煤/万元',
    current: { numerator: 'energy_last_year', denominator: 'revenue_last_year' },
    previous: { numerator: 'energy_prev_year', denominator: 'revenue_prev_year' },
  },
  'MR-03': {
    kind: 'change',
    name: '人均营业收入',
    unit: '万元/人',
    current: { numerator: 'revenue_last_year', denominator: 'employees_last_year' },
    previous: { numerator: 'revenue_prev_year', denominator: 'employees_prev_year' },
  },
  'MR-04': {
    kind: 'change',
    name: '每百元营业收入中的成本',
    unit: '元',
    scale: 100,
    current: { numerator: 'cost_last_year', denominator: 'revenue_last_year' },
    previous: { numerator: 'cost_prev_year', denominator: 'revenue_prev_year' },
  },
}

export interface LocalEvidenceCheck {
  status: 'computed' | 'incomplete' | 'undefined' | 'out_of_range'
  /** The option the figures point to. */
  option: QOption | null
  /** false when an option is ticked and it is not the one the figures point to. */
  consistent: boolean | null
  message: string
}

function num(evidence: Evidence, field: string): number | null {
  const raw = evidence[field]
  if (raw === undefined || raw === null || raw === '') return null
  const n = Number(raw)
  return Number.isFinite(n) ? n : null
}

function round(value: number, places = 2): string {
  return String(Math.round(value * 10 ** places) / 10 ** places)
}

function optionLabel(o: QOption): string {
  return `${o.code}（${o.text}）`
}

/** The band the typed figures point to, and whether the ticked option agrees (display only). */
export function checkEvidence(
  question: QQuestion,
  evidence: Evidence,
  ticked: string | null | undefined,
  rule: EvidenceRule | undefined = EVIDENCE_RULES[question.id],
): LocalEvidenceCheck | null {
  if (!rule || question.type !== 'single') return null
  const ratios = [rule.current, ...(rule.previous ? [rule.previous] : [])]
  const figures = ratios.map((r) => [num(evidence, r.numerator), num(evidence, r.denominator)] as const)
  if (figures.some(([n, d]) => n === null || d === null)) {
    return { status: 'incomplete', option: null, consistent: null, message: '佐证数据未填写完整，暂不计算' }
  }
  if (figures.some(([, d]) => d === 0)) {
    return { status: 'undefined', option: null, consistent: null, message: `分母为 0，无法计算${rule.name}` }
  }
  let match: QOption | undefined
  let described: string
  if (rule.kind === 'ratio_percent') {
    const [n, d] = figures[0] as readonly [number, number]
    // n*100 vs bound*d: no division, so boundaries (exactly 20%) fall on the right side
    const scaled = n * 100
    match = question.options.find((o) => {
      const band = parseBand(o.text)
      if (!band) return false
      const above = band.lowInclusive ? scaled >= band.low * d : scaled > band.low * d
      const below = band.highInclusive ? scaled <= band.high * d : scaled < band.high * d
      return above && below
    })
    described = `${rule.name}为 ${round((n * 100) / d)}%`
  } else {
    const [cn, cd] = figures[0] as readonly [number, number]
    const [pn, pd] = figures[1] as readonly [number, number]
    // cn/cd vs pn/pd, cross-multiplied (denominators are positive)
    const left = cn * pd
    const right = pn * cd
    const change: Change = left > right ? 'increase' : left < right ? 'decrease' : 'flat'
    match = question.options.find((o) => CHANGE_TEXT[o.text.trim()] === change)
    const scale = rule.scale ?? 1
    const cur = round((cn / cd) * scale, 4)
    const prev = round((pn / pd) * scale, 4)
    described = `${rule.name}上年 ${cur}${rule.unit ?? ''}、前年 ${prev}${rule.unit ?? ''}（${CHANGE_NAME[change]}）`
  }
  if (!match) {
    return { status: 'out_of_range', option: null, consistent: null, message: `根据填写数据，${described}，不在任何选项范围内，请核对数据` }
  }
  if (!ticked) {
    return { status: 'computed', option: match, consistent: null, message: `根据填写数据，${described}，对应选项 ${optionLabel(match)}` }
  }
  const consistent = ticked === match.code
  const chosen = question.options.find((o) => o.code === ticked)
  const message = consistent
    ? `根据填写数据，${described}，对应选项 ${optionLabel(match)}，与所选一致`
    : `根据填写数据，${described}，对应选项 ${optionLabel(match)}，与所选选项 ${chosen ? optionLabel(chosen) : ticked} 不一致`
  return { status: 'computed', option: match, consistent, message }
}

/** Every evidence field by id (with the question that declares it), for fields borrowed through `uses`. */
export function evidenceFieldIndex(q: Questionnaire): Record<string, QEvidenceField & { questionId: string }> {
  const out: Record<string, QEvidenceField & { questionId: string }> = {}
  for (const question of allQuestions(q)) {
    for (const f of question.evidence_fields) out[f.id] = { ...f, questionId: question.id }
  }
  return out
}

/** The tab a question or scenario id lives in. */
export function tabOf(q: Questionnaire, ref: string): string | null {
  for (const d of q.dimensions) {
    if (d.groups.some((g) => g.questions.some((x) => x.id === ref))) return d.id
  }
  if (q.scenario_dimension.groups.some((g) => g.scenarios.some((s) => s.id === ref))) return SCENARIO_TAB
  return null
}

/** A typed-in figure: '' clears it, otherwise the text as typed (the back end reads it exactly). */
export function evidenceValue(raw: string | number | null | undefined): string | null {
  if (raw === null || raw === undefined) return null
  const text = String(raw).trim()
  return text === '' ? null : text
}

/** Level tag colour: 未达一级 grey … 四级 green. */
export function levelTagType(level: number | null | undefined): 'info' | 'warning' | 'primary' | 'success' | 'danger' {
  if (level === null || level === undefined) return 'info'
  return (['danger', 'warning', 'primary', 'success', 'success'] as const)[Math.max(0, Math.min(4, level))]!
}
