import type { AuditRecordOut } from '@/api/types'
import type { SearchField, TableColumn } from '@/components/SearchTable/types'
import { formatDateTime } from '@/utils/format'

export const searchSchema: SearchField[] = [
  { field: 'q', label: '关键字', placeholder: '对象名称 / 请求号' },
  { field: 'actor', label: '操作人', placeholder: '用户名或姓名', width: 150 },
  { field: 'action', label: '操作', placeholder: '操作代码', width: 150 },
  { field: 'target_type', label: '对象类型', placeholder: '如 accounts.user', width: 160 },
  { field: 'date', label: '时间', type: 'date-range' },
]

export const columns: TableColumn<AuditRecordOut>[] = [
  { prop: 'created_at', label: '时间', width: 170, sortable: true, formatter: (r) => formatDateTime(r.created_at) },
  { prop: 'actor_name', label: '操作人', width: 120 },
  { prop: 'action_label', label: '操作', minWidth: 140, formatter: (r) => r.action_label || r.action },
  { prop: 'target_type', label: '对象类型', width: 140 },
  { prop: 'target_repr', label: '对象', minWidth: 180, formatter: (r) => r.target_repr || `#${r.target_id}` },
  { prop: 'region_name', label: '区划', width: 110 },
  { prop: 'ip', label: 'IP', width: 130 },
]

/** Pretty JSON for the expanded row; "—" for nothing. */
export function prettyJson(value: unknown): string {
  if (value === null || value === undefined) return '—'
  if (typeof value === 'string') return value
  return JSON.stringify(value, null, 2)
}
