import type { NeedCreateIn, NeedOut } from '@/api/portal'
import type { Option, SearchField, TableColumn } from '@/components/SearchTable/types'
import { formatDate, formatDateTime } from '@/utils/format'
import { budgetText, OUTCOME_LABELS } from '@/views/portal/shared'

import { CONTENT_STATUS_OPTIONS, decimalOrNull } from '../shared'

export const SD_STATUS = CONTENT_STATUS_OPTIONS.filter((o) => ['draft', 'in_review', 'published', 'closed'].includes(o.value))
export const OUTCOME_OPTIONS: Option<string>[] = Object.entries(OUTCOME_LABELS).map(([value, label]) => ({ value, label }))

export function searchSchema(subIndustries: Option[], scenarios: Option[]): SearchField[] {
  return [
    { field: 'q', label: '标题', placeholder: '标题关键字' },
    { field: 'scenario', label: '场景', type: 'select', options: scenarios, width: 160 },
    { field: 'sub_industry', label: '细分行业', type: 'select', options: subIndustries, width: 160 },
    { field: 'status', label: '状态', type: 'select', options: SD_STATUS, width: 120 },
    { field: 'region_code', label: '区域', type: 'region' },
  ]
}

export function columns(subLabels: Record<string, string>): TableColumn<NeedOut>[] {
  return [
    { prop: 'title', label: '需求标题', minWidth: 220 },
    { prop: 'org_name', label: '企业', minWidth: 180 },
    { prop: 'scenario', label: '场景', width: 120, formatter: (r) => r.scenario.name },
    { prop: 'sub_industry', label: '细分行业', width: 130, formatter: (r) => subLabels[r.sub_industry] ?? (r.sub_industry || '不限') },
    { prop: 'budget', label: '预算', width: 180, formatter: (r) => budgetText(r.budget_min, r.budget_max) },
    { prop: 'deadline', label: '截止日期', width: 110, sortable: true, formatter: (r) => formatDate(r.deadline) },
    { prop: 'status', label: '状态', width: 100, align: 'center' },
    { prop: 'published_at', label: '发布时间', width: 170, sortable: true, formatter: (r) => formatDateTime(r.published_at) },
  ]
}

/** What the poster may do with a need in this status. */
export function needActions(status: string): string[] {
  if (status === 'draft') return ['edit', 'submit', 'close']
  if (status === 'in_review') return ['recall']
  if (status === 'published') return ['close']
  return []
}

export interface NeedModel {
  org_id: number | null
  title: string
  problem: string
  scenario_code: string
  sub_industry: string
  budget_min: string
  budget_max: string
  deadline: string | null
}

export function emptyNeed(orgId: number | null): NeedModel {
  return { org_id: orgId, title: '', problem: '', scenario_code: '', sub_industry: '', budget_min: '', budget_max: '', deadline: null }
}

export function needModelFrom(n: NeedOut): NeedModel {
  const t = (v: string | null) => v ?? ''
  return {
    org_id: n.org_id,
    title: n.title,
    problem: n.problem,
    scenario_code: n.scenario.code,
    sub_industry: n.sub_industry,
    budget_min: t(n.budget_min),
    budget_max: t(n.budget_max),
    deadline: n.deadline,
  }
}

export function needPayload(m: NeedModel): NeedCreateIn {
  return {
    org_id: m.org_id ?? 0,
    title: m.title.trim(),
    problem: m.problem.trim(),
    scenario_code: m.scenario_code,
    sub_industry: m.sub_industry,
    budget_min: decimalOrNull(m.budget_min),
    budget_max: decimalOrNull(m.budget_max),
    deadline: m.deadline || null,
  }
}

export function needMissing(m: NeedModel): Record<string, string> {
  const out: Record<string, string> = {}
  if (!m.org_id) out.org_id = '请选择发布企业'
  if (!m.title.trim()) out.title = '请输入需求标题'
  if (!m.problem.trim()) out.problem = '请描述需要解决的问题'
  if (!m.scenario_code) out.scenario_code = '请选择场景'
  for (const k of ['budget_min', 'budget_max'] as const) {
    if (m[k] && !(Number(m[k]) >= 0)) out[k] = '请输入不小于 0 的金额'
  }
  if (!out.budget_min && !out.budget_max && m.budget_min && m.budget_max && Number(m.budget_min) > Number(m.budget_max)) {
    out.budget_max = '最高预算不能低于最低预算'
  }
  return out
}
