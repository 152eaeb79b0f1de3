/** Acceptance form → payload, and the comparison table rows (pure). */
import type { AcceptanceIn } from '@/api/projects'

export interface AcceptanceModel {
  effectiveness: string
  data_integration: string
  management_reform: string
  stated_benefit: string
  /** 改造前自评: defaults to the diagnosis project's before-assessment; needed for the before/after comparison */
  before_assessment_id: number | undefined
  after_assessment_id: number | undefined
  after_onsite_id: number | undefined
}

export function acceptancePayload(m: AcceptanceModel): AcceptanceIn | string {
  if (!m.effectiveness.trim()) return '请填写应用成效'
  if (!m.data_integration.trim()) return '请填写数据贯通程度'
  if (!m.management_reform.trim()) return '请填写管理体制配套改革'
  const benefit = String(m.stated_benefit).trim()
  if (!/^\d+(\.\d{1,2})?$/.test(benefit)) return '预期年收益须为数字，最多两位小数'
  if (m.before_assessment_id !== undefined && m.before_assessment_id === m.after_assessment_id) return '改造前评估与改造后评测不能是同一份评测'
  return {
    effectiveness: m.effectiveness.trim(),
    data_integration: m.data_integration.trim(),
    management_reform: m.management_reform.trim(),
    stated_benefit: benefit,
    before_assessment_id: m.before_assessment_id ?? null,
    after_assessment_id: m.after_assessment_id ?? null,
    after_onsite_id: m.after_onsite_id ?? null,
  }
}

interface Delta {
  a: string | null
  b: string | null
  delta: string | null
}
export interface ComparisonRow extends Delta {
  name: string
}

/** The server's comparison ({total, dimensions, indicators} or {error}) as table rows: total, dimensions, indicators. */
export function comparisonRows(raw: Record<string, unknown> | null | undefined): { error?: string; rows: ComparisonRow[] } | null {
  if (!raw) return null
  if (typeof raw.error === 'string') return { error: raw.error, rows: [] }
  const rows: ComparisonRow[] = []
  const total = raw.total as Delta | undefined
  if (total) rows.push({ name: '总分', a: total.a, b: total.b, delta: total.delta })
  for (const d of (raw.dimensions as (Delta & { name: string })[] | undefined) ?? []) {
    rows.push({ name: `【维度】${d.name}`, a: d.a, b: d.b, delta: d.delta })
  }
  for (const i of (raw.indicators as (Delta & { indicator: string })[] | undefined) ?? []) {
    rows.push({ name: i.indicator, a: i.a, b: i.b, delta: i.delta })
  }
  return { rows }
}
