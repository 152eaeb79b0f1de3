import type { ReviewBox } from '@/api/reviews'
import type { ReviewOut } from '@/api/types'
import type { Option, SearchField, TableColumn } from '@/components/SearchTable/types'
import { REVIEW_PERMISSIONS } from '@/utils/permission'
import { formatDateTime } from '@/utils/format'

export interface ReviewTab {
  box: ReviewBox
  label: string
  /** Any one of these; none = everyone. */
  anyPermission?: string[]
}

export const TABS: ReviewTab[] = [
  { box: 'todo', label: '待我审核', anyPermission: REVIEW_PERMISSIONS },
  { box: 'done', label: '我已审核', anyPermission: REVIEW_PERMISSIONS },
  { box: 'mine', label: '我提交的' },
]

/** reviews.workflow.STATUS_LABELS */
export const STATUS_OPTIONS: Option[] = [
  { value: 'pending', label: '审核中' },
  { value: 'returned', label: '退回修改' },
  { value: 'approved', label: '已通过' },
  { value: 'rejected', label: '未通过' },
  { value: 'withdrawn', label: '已撤回' },
]

/** Processes known to the front end; others are added as they appear in the lists. */
export const KNOWN_PROCESSES: Record<string, string> = {
  org_verification: '机构认证',
}

export function searchSchema(processOptions: Option[], withStatus: boolean): SearchField[] {
  const fields: SearchField[] = [
    { field: 'q', label: '关键字', placeholder: '标题 / 机构名称', width: 220 },
    { field: 'process_key', label: '事项类型', type: 'select', options: processOptions, width: 180 },
  ]
  if (withStatus) fields.push({ field: 'status', label: '状态', type: 'select', options: STATUS_OPTIONS, width: 130 })
  return fields
}

export const columns: TableColumn<ReviewOut>[] = [
  { prop: 'title', label: '标题', minWidth: 220 },
  { prop: 'process_name', label: '事项类型', width: 140 },
  { prop: 'org', label: '机构', minWidth: 180, formatter: (r) => r.org?.name ?? '—' },
  { prop: 'region', label: '区划', width: 110, formatter: (r) => r.region?.name ?? '—' },
  { prop: 'current_step_name', label: '当前环节', width: 120, formatter: (r) => r.current_step_name || '—' },
  { prop: 'status', label: '状态', width: 100, align: 'center' },
  { prop: 'submitted_by_name', label: '提交人', width: 100 },
  { prop: 'submitted_at', label: '提交时间', width: 170, sortable: true, formatter: (r) => formatDateTime(r.submitted_at) },
]

export const ACTION_TEXT = {
  approve: { title: '审核通过', button: '通过', opinionRequired: false, placeholder: '审核意见（选填）' },
  return: { title: '退回修改', button: '退回', opinionRequired: true, placeholder: '请写明需要修改的内容，申请人将看到此意见' },
  reject: { title: '不予通过', button: '不予通过', opinionRequired: true, placeholder: '请写明不通过的理由，申请人将看到此意见' },
} as const

/** Timeline dot colour by action. */
export function timelineType(action: string): 'primary' | 'success' | 'warning' | 'danger' | 'info' {
  if (action === 'approve') return 'success'
  if (action === 'reject') return 'danger'
  if (action === 'return') return 'warning'
  if (action === 'submit' || action === 'resubmit') return 'primary'
  return 'info'
}
