/** Labels, tag colours and pure helpers of the pilot project pages. */
import type { Project, ProjectAction, ProjectDetail } from '@/api/projects'
import type { Option, SearchField, TableColumn } from '@/components/SearchTable/types'
import { formatDate, formatDateTime } from '@/utils/format'

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

export const KIND_OPTIONS: Option[] = [
  { label: '咨询诊断', value: 'diagnosis' },
  { label: '数字化改造', value: 'transformation' },
]

/** Mirrors the back end's workflow.STATUS_LABELS (the server sends status_label; these fill the filter). */
export const STATUS_LABELS: Record<string, string> = {
  pending_provider: '待服务商确认',
  declined: '服务商已拒绝',
  cancelled: '已撤销',
  contracting: '合同签署中',
  diagnosing: '诊断实施中',
  report_submitted: '诊断报告待确认',
  done: '已完成',
  signed: '待备案',
  filing_review: '备案审核中',
  filing_returned: '备案退回修改',
  filing_rejected: '备案未通过',
  implementing: '改造实施中',
  completed: '待申请验收',
  acceptance_review: '验收审核中',
  rectifying: '验收整改中',
  accepted: '验收通过',
  acceptance_rejected: '验收未通过',
}

export const STATUS_TYPES: Record<string, TagType> = {
  pending_provider: 'warning',
  declined: 'danger',
  cancelled: 'info',
  contracting: 'primary',
  diagnosing: 'primary',
  report_submitted: 'warning',
  done: 'success',
  signed: 'warning',
  filing_review: 'warning',
  filing_returned: 'danger',
  filing_rejected: 'danger',
  implementing: 'primary',
  completed: 'warning',
  acceptance_review: 'warning',
  rectifying: 'danger',
  accepted: 'success',
  acceptance_rejected: 'danger',
}

export const STATUS_OPTIONS: Option[] = Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))

/** The list's search form; provider (from the pool) and 细分行业 options are loaded by the page. */
export function searchSchema(providers: Option[], subIndustries: Option[]): SearchField[] {
  return [
    { field: 'q', label: '项目名称' },
    { field: 'kind', label: '项目类型', type: 'select', options: KIND_OPTIONS, width: 140 },
    { field: 'status', label: '状态', type: 'select', options: STATUS_OPTIONS, width: 160 },
    { field: 'region', label: '所在县区', type: 'region' },
    ...(subIndustries.length ? [{ field: 'sub_industry', label: '细分行业', type: 'select' as const, options: subIndustries, width: 160 }] : []),
    ...(providers.length ? [{ field: 'provider_id', label: '服务商', type: 'select' as const, options: providers, width: 200 }] : []),
    {
      field: 'overdue',
      label: '是否逾期',
      type: 'select',
      options: [
        { label: '已逾期', value: true },
        { label: '未逾期', value: false },
      ],
      width: 120,
    },
  ]
}

const money = (v: string): string => Number(v).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

export const columns: TableColumn<Project>[] = [
  { prop: 'title', label: '项目名称', minWidth: 220 },
  { prop: 'kind_label', label: '类型', width: 100 },
  { prop: 'enterprise_name', label: '企业', minWidth: 180 },
  { prop: 'provider_name', label: '服务商', minWidth: 180 },
  { prop: 'region_name', label: '所在区域', width: 100 },
  { prop: 'amount', label: '合同金额（元）', width: 130, align: 'right', sortable: true },
  { prop: 'status', label: '状态', width: 170 },
  {
    prop: 'subsidy_committed',
    label: '补贴 已拨付/已承诺（元）',
    width: 190,
    align: 'right',
    formatter: (r) => (r.subsidy_committed ? `${money(r.subsidy_disbursed ?? '0')} / ${money(r.subsidy_committed)}` : '—'),
  },
  { prop: 'step_due_at', label: '本环节期限', width: 170, sortable: true, formatter: (r) => formatDateTime(r.step_due_at) },
  { prop: 'created_at', label: '发起时间', width: 170, sortable: true, formatter: (r) => formatDateTime(r.created_at) },
]

export type Party = 'enterprise' | 'provider' | null

/** Which party of the project the user acts for, from the organizations of their role assignments. */
export function partyOf(orgIds: number[], p: Pick<ProjectDetail, 'enterprise_id' | 'provider_id'>): Party {
  if (orgIds.includes(p.enterprise_id)) return 'enterprise'
  if (orgIds.includes(p.provider_id)) return 'provider'
  return null
}

/** Codes of the detail's my_actions (what the requesting user may do now; the server computes them). */
export type MyAction =
  | ProjectAction
  | 'sign_contract'
  | 'render_contract'
  | 'submit_report'
  | 'edit_findings'
  | 'submit_filing'
  | 'resubmit_filing'
  | 'add_milestone'
  | 'finish_milestone'
  | 'add_log'
  | 'add_investment'
  | 'decide_change'
  | 'apply_acceptance'
  | 'resubmit_acceptance'
  | 'score_acceptance'
  | 'rate_provider'

/** True when the server lists any of `codes` in my_actions. */
export function may(myActions: readonly string[] | undefined, ...codes: MyAction[]): boolean {
  return !!myActions && codes.some((c) => myActions.includes(c))
}

export interface ActionSpec {
  action: ProjectAction
  label: string
  type: TagType
  /** Asks for a note (reason, comments) first. */
  note?: string
  /** Destructive: asks to confirm. */
  confirm?: string
}

export const ACTION_SPECS: Record<ProjectAction, ActionSpec> = {
  confirm: { action: 'confirm', label: '确认需求', type: 'primary', confirm: '确认承接该项目？确认后系统按模板生成电子合同，双方签署。' },
  decline: { action: 'decline', label: '拒绝', type: 'danger', note: '拒绝原因' },
  cancel: { action: 'cancel', label: '撤销项目', type: 'danger', confirm: '撤销后项目结束，不能恢复。确定撤销？' },
  confirm_report: { action: 'confirm_report', label: '确认诊断报告', type: 'success', confirm: '确认诊断报告后项目完成。' },
  return_report: { action: 'return_report', label: '退回报告', type: 'warning', note: '修改意见' },
  complete: { action: 'complete', label: '实施完成', type: 'primary', confirm: '确认改造实施已完成？之后可申请验收。' },
}

/** The header buttons: the simple workflow actions the server lists in my_actions, in a fixed order. */
export function actionsFor(myActions: readonly string[]): ActionSpec[] {
  return (Object.keys(ACTION_SPECS) as ProjectAction[]).filter((a) => myActions.includes(a)).map((a) => ACTION_SPECS[a])
}

/** Option label of a linkable assessment: source, level, score, date (the id stays visible for the record). */
export function assessmentLabel(a: {
  id: number
  source_label: string
  level: number | null
  total_score: string | null
  submitted_at: string | null
}): string {
  const level = a.level !== null ? `${a.level} 级` : '未定级'
  const score = a.total_score !== null ? `${a.total_score} 分` : '—'
  const date = a.submitted_at ? a.submitted_at.slice(0, 10) : '—'
  return `#${a.id} ${a.source_label} · ${level} · ${score} · ${date}`
}

/** Expert marks form → payload: every item marked, 0 ≤ mark ≤ max, at most 2 decimals (the server checks again). */
export function scoreMarks(
  items: readonly { key: string; name: string; max_score: string }[],
  marks: Record<string, string | number | undefined | null>,
): Record<string, string> | string {
  const out: Record<string, string> = {}
  for (const item of items) {
    const raw = marks[item.key]
    const text = raw === undefined || raw === null ? '' : String(raw).trim()
    if (!text) return `请为“${item.name}”打分`
    if (!/^\d+(\.\d{1,2})?$/.test(text)) return `“${item.name}”的得分须为数字，最多两位小数`
    if (Number(text) > Number(item.max_score)) return `“${item.name}”的得分应在 0 至 ${item.max_score} 之间`
    out[item.key] = text
  }
  return out
}

/** Sum of mark strings in hundredths (no float drift), 2 places. */
export function marksTotal(marks: Record<string, string | number | undefined | null>): string {
  return sumAmounts(Object.values(marks).filter((v): v is string | number => v !== undefined && v !== null && v !== ''))
}

/** Step bar of each kind and the index of the current status in it. */
const STEPS: Record<string, { title: string; statuses: string[] }[]> = {
  diagnosis: [
    { title: '发起项目', statuses: [] },
    { title: '服务商确认', statuses: ['pending_provider', 'declined', 'cancelled'] },
    { title: '签署合同', statuses: ['contracting'] },
    { title: '诊断实施', statuses: ['diagnosing'] },
    { title: '报告确认', statuses: ['report_submitted'] },
    { title: '完成', statuses: ['done'] },
  ],
  transformation: [
    { title: '发起项目', statuses: [] },
    { title: '服务商确认', statuses: ['pending_provider', 'declined', 'cancelled'] },
    { title: '签署合同', statuses: ['contracting'] },
    { title: '备案', statuses: ['signed', 'filing_review', 'filing_returned', 'filing_rejected'] },
    { title: '改造实施', statuses: ['implementing'] },
    { title: '验收', statuses: ['completed', 'acceptance_review', 'rectifying', 'acceptance_rejected'] },
    { title: '验收通过', statuses: ['accepted'] },
  ],
}

const FAILED = new Set(['declined', 'cancelled', 'filing_rejected', 'acceptance_rejected'])

export function stepsOf(kind: string, status: string): { titles: string[]; active: number; failed: boolean; finished: boolean } {
  const steps = STEPS[kind] ?? STEPS.diagnosis
  const idx = steps.findIndex((s) => s.statuses.includes(status))
  const finished = status === 'done' || status === 'accepted'
  return {
    titles: steps.map((s) => s.title),
    active: finished ? steps.length : Math.max(idx, 0),
    failed: FAILED.has(status),
    finished,
  }
}

/** Sum of decimal strings (amounts come as strings), to 2 places. */
export function sumAmounts(values: (string | number)[]): string {
  const cents = values.reduce<number>((acc, v) => acc + Math.round(Number(v) * 100), 0)
  return (cents / 100).toFixed(2)
}

/** Today's calendar date in Asia/Shanghai as YYYY-MM-DD (not toISOString's UTC date, which is yesterday
 *  between 00:00 and 08:00 Beijing time). */
export const localToday = (now: Date = new Date()): string => formatDate(now)
