/** Labels, tag colours and pure helpers of the pilot project pages. */
import type { ProjectAction, ProjectDetail } from '@/api/projects'
import type { Option, SearchField, TableColumn } from '@/components/SearchTable/types'
import type { Project } from '@/api/projects'
import { formatDateTime } from '@/utils/format'

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

export const searchSchema: SearchField[] = [
  { field: 'q', label: '项目名称' },
  { field: 'kind', label: '项目类型', type: 'select', options: KIND_OPTIONS, width: 140 },
  { field: 'status', label: '状态', type: 'select', options: STATUS_OPTIONS, width: 160 },
  { field: 'region', label: '所在县区', type: 'region' },
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

export const columns: TableColumn<Project>[] = [
  { prop: 'title', label: '项目名称', minWidth: 220 },
  { prop: 'kind_label', label: '类型', width: 100 },
  { prop: 'enterprise_name', label: '企业', minWidth: 180 },
  { prop: 'provider_name', label: '服务商', minWidth: 180 },
  { prop: 'region_name', label: '所在区域', width: 100 },
  { prop: 'amount', label: '合同金额（元）', width: 130, align: 'right', sortable: true },
  { prop: 'status', label: '状态', width: 170 },
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

/** Who takes each action (mirrors workflow.TRANSITIONS; the server decides). */
const ACTION_PARTY: Record<ProjectAction, 'enterprise' | 'provider'> = {
  confirm: 'provider',
  decline: 'provider',
  cancel: 'enterprise',
  confirm_report: 'enterprise',
  return_report: 'enterprise',
  complete: 'enterprise',
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
  confirm: { action: 'confirm', label: '确认需求', type: 'primary', confirm: '确认承接该项目？确认后进入合同签署。' },
  decline: { action: 'decline', label: '拒绝', type: 'danger', note: '拒绝原因' },
  cancel: { action: 'cancel', label: '撤销项目', type: 'danger', confirm: '撤销后项目结束，不能恢复。确定撤销？' },
  confirm_report: { action: 'confirm_report', label: '确认诊断报告', type: 'success', confirm: '确认诊断报告后项目完成。' },
  return_report: { action: 'return_report', label: '退回报告', type: 'warning', note: '修改意见' },
  complete: { action: 'complete', label: '实施完成', type: 'primary', confirm: '确认改造实施已完成？之后可申请验收。' },
}

/** The buttons the current user sees: actions the status allows that their party takes. */
export function actionsFor(allowed: string[], party: Party): ActionSpec[] {
  if (!party) return []
  return (Object.keys(ACTION_SPECS) as ProjectAction[])
    .filter((a) => allowed.includes(a) && ACTION_PARTY[a] === party)
    .map((a) => ACTION_SPECS[a])
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
