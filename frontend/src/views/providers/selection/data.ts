import type { ScoreItemRow } from '@/utils/validators'
import type { ProviderObjectionRow, ProviderPublicity } from '@/api/providerPublicity'
import type { ProviderApplication, ProviderApplicationCreateIn, ProviderBatch, ProviderBatchCreateIn } from '@/api/providers'
import { joinLabels, OBJECTION_STATUS_OPTIONS, WORKFLOW_LABELS } from '@/components/Registries/labels'
import type { Option, SearchField, TableColumn } from '@/components/SearchTable/types'
import { formatDateTime } from '@/utils/format'

export const APP_STATUS_OPTIONS: Option[] = ['draft', 'reviewing', 'returned', 'publicity', 'approved', 'rejected', 'withdrawn'].map(
  (v) => ({ label: WORKFLOW_LABELS[v], value: v }),
)

export function batchColumns(subLabels: Record<string, string>): TableColumn<ProviderBatch>[] {
  return [
    { prop: 'name', label: '批次名称', minWidth: 200 },
    { prop: 'sub_industries', label: '细分行业', minWidth: 200, formatter: (r) => r.sub_industries.map((s) => subLabels[s] ?? s).join('、') },
    { prop: 'deadline', label: '申请截止', width: 170, formatter: (r) => formatDateTime(r.deadline) },
    { prop: 'score_items', label: '评分项', minWidth: 200, formatter: (r) => r.score_items.map((i) => `${i.name}(${Number(i.max_score)})`).join('、') },
    { prop: 'min_experts', label: '最少专家数', width: 100, align: 'center' },
    { prop: 'status', label: '状态', width: 90, align: 'center' },
  ]
}

export const appSearch: SearchField[] = [{ field: 'status', label: '状态', type: 'select', options: APP_STATUS_OPTIONS, width: 130 }]

export function appColumns(typeLabels: Record<string, string>, subLabels: Record<string, string>): TableColumn<ProviderApplication>[] {
  return [
    { prop: 'org_name', label: '服务商', minWidth: 200 },
    { prop: 'batch_name', label: '遴选批次', minWidth: 160 },
    { prop: 'provider_type', label: '类型', width: 150, formatter: (r) => typeLabels[r.provider_type] ?? r.provider_type },
    { prop: 'sub_industries', label: '服务细分行业', minWidth: 180, formatter: (r) => r.sub_industries.map((s) => subLabels[s] ?? s).join('、') },
    { prop: 'staff_count', label: '员工数', width: 80, align: 'right' },
    { prop: 'status', label: '状态', width: 100, align: 'center' },
    { prop: 'publicity_ends_at', label: '公示截止', width: 170, formatter: (r) => formatDateTime(r.publicity_ends_at) },
  ]
}

/** Application actions a row may offer (the server's allowed_actions decide which), in button order. */
export const APP_ACTIONS = ['edit', 'submit', 'resubmit', 'withdraw', 'score', 'finalize'] as const
export type AppAction = (typeof APP_ACTIONS)[number]

export const APP_ACTION_LABELS: Record<AppAction, string> = {
  edit: '修改',
  submit: '提交',
  resubmit: '重新提交',
  withdraw: '撤回',
  score: '评分',
  finalize: '公示期满入库',
}

/** What the confirm dialog asks before a one-click action; edit and score open a form instead. */
export function appActionConfirm(action: AppAction, orgName: string): string {
  switch (action) {
    case 'submit':
      return '提交后进入专家评审，确定提交吗？'
    case 'resubmit':
      return '按退回意见修改后重新提交，将重新进行专家评审，确定提交吗？'
    case 'withdraw':
      return '确定撤回该入库申请吗？撤回后不可恢复。'
    case 'finalize':
      return `公示期已满且无待处理异议，确定将“${orgName}”纳入服务商库吗？`
    default:
      return ''
  }
}

export function publicityColumns(typeLabels: Record<string, string>, subLabels: Record<string, string>): TableColumn<ProviderPublicity>[] {
  return [
    { prop: 'org_name', label: '服务商', minWidth: 200 },
    { prop: 'region_name', label: '所在区域', width: 130 },
    { prop: 'provider_type', label: '类型', width: 150, formatter: (r) => typeLabels[r.provider_type] ?? r.provider_type },
    { prop: 'sub_industries', label: '服务细分行业', minWidth: 180, formatter: (r) => joinLabels(r.sub_industries, subLabels) },
    { prop: 'batch_name', label: '遴选批次', minWidth: 160 },
    { prop: 'publicity_ends_at', label: '公示截止', width: 170, formatter: (r) => formatDateTime(r.publicity_ends_at) },
  ]
}

export const objectionSearch: SearchField[] = [
  { field: 'status', label: '状态', type: 'select', options: OBJECTION_STATUS_OPTIONS, width: 130 },
]

export const objectionColumns: TableColumn<ProviderObjectionRow>[] = [
  { prop: 'org_name', label: '被异议服务商', minWidth: 180 },
  { prop: 'content', label: '异议内容', minWidth: 260 },
  { prop: 'status', label: '状态', width: 110, align: 'center' },
  { prop: 'resolution', label: '处理意见', minWidth: 200 },
  { prop: 'created_at', label: '提出时间', width: 170, formatter: (r) => formatDateTime(r.created_at) },
]

/** "数字化基础 30\n方案 40" → score items with keys i1, i2 … and max scores as the Decimal strings typed (never
 * through a binary float; the server checks and rounds them to the cent). A line without a number gets '0', which
 * the server rejects with its message. */
export function scoreItems(text: string): { key: string; name: string; max_score: string }[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line, i) => {
      const m = /^(.*?)[\s:：,，]+(\d+(?:\.\d+)?)$/.exec(line)
      return { key: `i${i + 1}`, name: (m ? m[1]! : line).trim(), max_score: m ? m[2]! : '0' }
    })
}

export interface ProviderBatchForm {
  name: string
  sub_industries: string[]
  deadline: string
  items: ScoreItemRow[]
  publicity_days: number
  min_experts: number
}

export function providerBatchPayload(m: ProviderBatchForm): ProviderBatchCreateIn {
  return {
    name: m.name.trim(),
    sub_industries: [...m.sub_industries],
    deadline: m.deadline,
    score_items: m.items.map((r, i) => ({ key: `i${i + 1}`, name: r.name.trim(), max_score: Number(r.max_score ?? 0).toFixed(2) })),
    publicity_days: Number(m.publicity_days),
    min_experts: Number(m.min_experts),
  }
}

export interface CaseRow {
  name: string
  customer: string
  year: string
  summary: string
}

export interface ProviderAppForm {
  provider_type: string
  sub_industries: string[]
  qualifications: string
  past_cases: CaseRow[]
  staff_count: number
  tech_staff_count: number
  attachments: string[]
}

export function providerAppForm(a?: ProviderApplication | null): ProviderAppForm {
  return {
    provider_type: a?.provider_type ?? '',
    sub_industries: [...(a?.sub_industries ?? [])],
    qualifications: a?.qualifications ?? '',
    past_cases: (a?.past_cases ?? []).map((c) => ({
      name: String(c.name ?? ''),
      customer: String(c.customer ?? ''),
      year: String(c.year ?? ''),
      summary: String(c.summary ?? ''),
    })),
    staff_count: a?.staff_count ?? 0,
    tech_staff_count: a?.tech_staff_count ?? 0,
    attachments: [...(a?.attachments ?? [])],
  }
}

/** Form → body; blank case rows and empty attachment slots dropped. */
export function providerAppPayload(m: ProviderAppForm): Omit<ProviderApplicationCreateIn, 'batch_id'> {
  return {
    provider_type: m.provider_type,
    sub_industries: [...m.sub_industries],
    qualifications: m.qualifications.trim(),
    past_cases: m.past_cases
      .filter((c) => c.name.trim())
      .map((c) => ({ name: c.name.trim(), customer: c.customer.trim(), year: c.year.trim(), summary: c.summary.trim() })),
    staff_count: Number(m.staff_count) || 0,
    tech_staff_count: Number(m.tech_staff_count) || 0,
    attachments: m.attachments.filter(Boolean),
  }
}
