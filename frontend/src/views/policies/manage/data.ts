import type { PolicyRow } from '@/api/policies'
import type { Option, SearchField, TableColumn } from '@/components/SearchTable/types'

export const STATUS_OPTIONS: Option[] = [
  { label: '草稿', value: 'draft' },
  { label: '已发布', value: 'published' },
  { label: '已撤回', value: 'withdrawn' },
]

export function policySearch(levels: Option[], supportTypes: Option[]): SearchField[] {
  return [
    { field: 'q', label: '关键词', placeholder: '名称、文号、发文机关' },
    { field: 'status', label: '状态', type: 'select', options: STATUS_OPTIONS, width: 120 },
    { field: 'level', label: '层级', type: 'select', options: levels, width: 120 },
    { field: 'support_type', label: '支持方式', type: 'select', options: supportTypes, width: 130 },
  ]
}

export const policyColumns: TableColumn<PolicyRow>[] = [
  { prop: 'title', label: '政策名称', minWidth: 240 },
  { prop: 'doc_number', label: '文号', width: 170 },
  { prop: 'level_label', label: '层级', width: 90 },
  { prop: 'department_label', label: '主管部门', width: 120 },
  { prop: 'support_type_label', label: '支持方式', width: 100 },
  { prop: 'window_end', label: '申报截止', width: 120, sortable: true },
  { prop: 'status', label: '状态', width: 100 },
  { prop: 'version', label: '版本', width: 70 },
]

export const RESULT_LABELS: Record<string, string> = { met: '满足', unmet: '不满足', missing: '缺少数据' }
export const RESULT_TYPES: Record<string, 'success' | 'danger' | 'warning'> = { met: 'success', unmet: 'danger', missing: 'warning' }
export const STATUS_TYPES: Record<string, 'success' | 'danger' | 'warning' | 'info'> = {
  eligible: 'success',
  ineligible: 'info',
  missing: 'warning',
  draft: 'info',
  published: 'success',
  withdrawn: 'danger',
}
