/** View models of the result page (pure). */
import type { AssessmentResult, Distance, RuleCheck, TraceStep } from '@/api/assessment'

export interface GroupRow {
  dimension: string
  dimensionScore: string
  dimensionMax: string
  group: string
  score: string
  max: string
  /** Rows of the same dimension are merged in the first column. */
  span: number
}

export function groupRows(result: AssessmentResult): GroupRow[] {
  const rows: GroupRow[] = []
  for (const d of result.dimensions) {
    d.groups.forEach((g, i) => {
      rows.push({
        dimension: d.name,
        dimensionScore: d.score,
        dimensionMax: d.max_score,
        group: g.name,
        score: g.score,
        max: g.max_score,
        span: i === 0 ? d.groups.length : 0,
      })
    })
  }
  return rows
}

export interface Action {
  key: string
  kind: 'indicator' | 'scenario'
  text: string
  detail: string
}

/** "距下一级" as concrete actions: which indicator to which option, which scenario to which level. */
export function distanceActions(distance: Distance, levelName: (level: number) => string): Action[] {
  const out: Action[] = distance.score_plan.map((r) => ({
    key: `i-${r.id}`,
    kind: 'indicator' as const,
    text: `${r.id} ${r.indicator}：由 ${r.from_score} 分提高到 ${r.to_score} 分（+${r.gain} 分）`,
    detail: `所选选项 ${r.from_options.join('、') || '无'} → ${r.to_options.join('、')}`,
  }))
  for (const s of distance.scenario_plan) {
    out.push({
      key: `s-${s.id}`,
      kind: 'scenario',
      text: `${s.id} ${s.name}${s.constraint ? '（约束性）' : ''}：由${levelName(s.from_level)}提升到${levelName(s.to_level)}`,
      detail: s.to_description,
    })
  }
  return out
}

export function ruleText(c: RuleCheck): string {
  const op = c.min_score_inclusive ? '≥' : '>'
  return `总分 ${op} ${c.min_score}；不低于${c.name}的场景 ≥ ${c.min_scenes} 个，其中约束性 ≥ ${c.min_constraint_scenes} 个`
}

export const TRACE_STEP_NAMES: Record<TraceStep['step'], string> = {
  indicator: '指标',
  group: '二级指标',
  dimension: '维度',
  total: '总分',
  scenario: '业务场景',
  scenario_counts: '场景分布',
  rule: '等级规则',
  level: '结论',
}

/** Trace lines grouped for display: scoring, scenarios, level decision. */
export function traceGroups(trace: TraceStep[]): Array<{ title: string; steps: TraceStep[] }> {
  const scoring = trace.filter((t) => ['indicator', 'group', 'dimension', 'total'].includes(t.step))
  const scenes = trace.filter((t) => ['scenario', 'scenario_counts'].includes(t.step))
  const rules = trace.filter((t) => ['rule', 'level'].includes(t.step))
  return [
    { title: '计分过程', steps: scoring },
    { title: '业务场景评定', steps: scenes },
    { title: '等级判定', steps: rules },
  ]
}
