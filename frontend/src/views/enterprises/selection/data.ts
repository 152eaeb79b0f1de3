import type { ApplicationRow, ObjectionRow, Publicity, SelectionBatch, SelectionBatchCreateIn } from '@/api/enterprises'
import { OBJECTION_STATUS_OPTIONS } from '@/components/Registries/labels'
import type { Option, SearchField, TableColumn } from '@/components/SearchTable/types'
import { formatDateTime } from '@/utils/format'

export const BATCH_STATUS_OPTIONS: Option[] = [
  { label: '申报中', value: 'open' },
  { label: '已截止', value: 'closed' },
]

export const APPLICATION_STATUS_OPTIONS: Option[] = [
  { label: '草稿', value: 'draft' },
  { label: '审核中', value: 'reviewing' },
  { label: '退回修改', value: 'returned' },
  { label: '公示中', value: 'publicity' },
  { label: '已入库', value: 'approved' },
  { label: '未通过', value: 'rejected' },
  { label: '已撤回', value: 'withdrawn' },
]

export const batchSearch: SearchField[] = [
  { field: 'q', label: '批次名称' },
  { field: 'status', label: '状态', type: 'select', options: BATCH_STATUS_OPTIONS, width: 120 },
]

export function batchColumns(subLabels: Record<string, string>): TableColumn<SelectionBatch>[] {
  return [
    { prop: 'name', label: '批次名称', minWidth: 200 },
    { prop: 'region', label: '发布单位', width: 110, formatter: (r) => r.region.name },
    {
      prop: 'sub_industries',
      label: '细分行业',
      minWidth: 200,
      formatter: (r) => r.sub_industries.map((s) => subLabels[s] ?? s).join('、'),
    },
    { prop: 'quota', label: '名额', width: 80, align: 'center' },
    { prop: 'deadline', label: '申报截止', width: 170, sortable: true, formatter: (r) => formatDateTime(r.deadline) },
    { prop: 'publicity_days', label: '公示天数', width: 90, align: 'center' },
    { prop: 'status', label: '状态', width: 90, align: 'center' },
  ]
}

export function applicationSearch(subIndustries: Option[]): SearchField[] {
  return [
    { field: 'q', label: '企业名称' },
    { field: 'status', label: '状态', type: 'select', options: APPLICATION_STATUS_OPTIONS, width: 130 },
    { field: 'region_code', label: '所在县区', type: 'region' },
    { field: 'sub_industry', label: '细分行业', type: 'select', options: subIndustries },
  ]
}

export function applicationColumns(subLabels: Record<string, string>): TableColumn<ApplicationRow>[] {
  return [
    { prop: 'org_name', label: '申报企业', minWidth: 200 },
    { prop: 'batch_name', label: '遴选批次', minWidth: 180 },
    { prop: 'region', label: '所在县区', width: 110, formatter: (r) => r.region.name },
    { prop: 'sub_industry', label: '细分行业', width: 140, formatter: (r) => subLabels[r.sub_industry] ?? r.sub_industry },
    { prop: 'status', label: '状态', width: 100, align: 'center' },
    { prop: 'submitted_at', label: '提交时间', width: 170, sortable: true, formatter: (r) => formatDateTime(r.submitted_at) },
    { prop: 'publicity_ends_at', label: '公示截止', width: 170, formatter: (r) => formatDateTime(r.publicity_ends_at) },
  ]
}

export function publicityColumns(subLabels: Record<string, string>): TableColumn<Publicity>[] {
  return [
    { prop: 'org_name', label: '企业名称', minWidth: 200 },
    { prop: 'region', label: '所在县区', width: 110, formatter: (r) => r.region.name },
    { prop: 'batch_name', label: '遴选批次', minWidth: 180 },
    { prop: 'sub_industry', label: '细分行业', width: 140, formatter: (r) => subLabels[r.sub_industry] ?? r.sub_industry },
    { prop: 'publicity_ends_at', label: '公示截止', width: 170, formatter: (r) => formatDateTime(r.publicity_ends_at) },
  ]
}

export const objectionSearch: SearchField[] = [
  { field: 'status', label: '状态', type: 'select', options: OBJECTION_STATUS_OPTIONS, width: 130 },
]

export const objectionColumns: TableColumn<ObjectionRow>[] = [
  { prop: 'org_name', label: '被异议企业', minWidth: 180 },
  { prop: 'content', label: '异议内容', minWidth: 260 },
  { prop: 'status', label: '状态', width: 110, align: 'center' },
  { prop: 'resolution', label: '处理意见', minWidth: 200 },
  { prop: 'created_at', label: '提出时间', width: 170, formatter: (r) => formatDateTime(r.created_at) },
]

/** The batch form as the user fills it. */
export interface BatchFormModel {
  name: string
  sub_industries: string[]
  quota: number
  deadline: string
  publicity_days: number
  /** One required attachment per line. */
  attachments_text: string
  score_sheet_id: number | null
  description: string
}

const pad = (n: number) => String(n).padStart(2, '0')

/** A Date as local ISO 8601 with its offset, the date picker's value format: 2026-12-26T17:30:00+08:00. */
export function localIso(d: Date): string {
  const off = -d.getTimezoneOffset()
  const sign = off >= 0 ? '+' : '-'
  const tz = `${sign}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${tz}`
}

/** Default deadline: 30 days from now at 17:30. */
export function defaultDeadline(now: Date = new Date()): string {
  const d = new Date(now.getTime() + 30 * 86400_000)
  d.setHours(17, 30, 0, 0)
  return localIso(d)
}

export function emptyBatchForm(now?: Date): BatchFormModel {
  return {
    name: '',
    sub_industries: [],
    quota: 20,
    deadline: defaultDeadline(now),
    publicity_days: 5,
    attachments_text: '数字化转型实施方案\n营业执照',
    score_sheet_id: null,
    description: '',
  }
}

/** "实施方案\n营业执照" → [{key: 'a1', name: '实施方案'}, {key: 'a2', name: '营业执照'}] (blank lines and repeats dropped). */
export function attachmentSpecs(text: string): { key: string; name: string }[] {
  const names = [...new Set(text.split(/\r?\n/).map((s) => s.trim()).filter(Boolean))]
  return names.map((name, i) => ({ key: `a${i + 1}`, name }))
}

export function batchPayload(m: BatchFormModel): SelectionBatchCreateIn {
  return {
    name: m.name.trim(),
    sub_industries: [...m.sub_industries],
    quota: Number(m.quota),
    deadline: m.deadline,
    publicity_days: Number(m.publicity_days),
    required_attachments: attachmentSpecs(m.attachments_text),
    score_sheet_id: m.score_sheet_id,
    description: m.description.trim(),
  }
}

/** Which application actions the applicant can take now (from the server's allowed_actions). */
export function applicantActions(allowed: readonly string[]): { edit: boolean; submit: boolean; resubmit: boolean; withdraw: boolean } {
  const set = new Set(allowed)
  return {
    edit: set.has('edit'),
    submit: set.has('submit'),
    resubmit: set.has('resubmit'),
    withdraw: set.has('withdraw'),
  }
}

/** The required attachments not yet uploaded, by name. */
export function missingAttachments(required: readonly { key: string; name: string }[], attachments: Record<string, string>): string[] {
  return required.filter((a) => !attachments[a.key]).map((a) => a.name)
}

/** Sum of the marks typed so far (blank items count 0), one decimal. */
export function scoreTotal(marks: Record<string, number | null | undefined>): string {
  const sum = Object.values(marks).reduce<number>((acc, v) => acc + (typeof v === 'number' && Number.isFinite(v) ? v : 0), 0)
  return sum.toFixed(1)
}
