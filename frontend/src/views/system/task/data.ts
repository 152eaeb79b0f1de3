import type { TaskOut } from '@/api/types'
import type { Option, SearchField, TableColumn } from '@/components/SearchTable/types'
import { formatDateTime } from '@/utils/format'

export const STATUS_LABELS: Record<string, string> = {
  READY: '排队中',
  RUNNING: '执行中',
  SUCCESSFUL: '成功',
  FAILED: '失败',
}

export const STATUS_OPTIONS: Option[] = Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))

export const searchSchema: SearchField[] = [
  { field: 'q', label: '任务名称' },
  { field: 'status', label: '状态', type: 'select', options: STATUS_OPTIONS, width: 130 },
]

export const columns: TableColumn<TaskOut>[] = [
  { prop: 'task_name', label: '任务', minWidth: 220 },
  { prop: 'status', label: '状态', width: 100, align: 'center' },
  { prop: 'attempts', label: '尝试次数', width: 90, align: 'center' },
  { prop: 'last_error', label: '错误', minWidth: 200, formatter: (r) => r.last_error || '—' },
  { prop: 'enqueued_at', label: '入队时间', width: 170, sortable: true, formatter: (r) => formatDateTime(r.enqueued_at) },
  { prop: 'started_at', label: '开始时间', width: 170, formatter: (r) => formatDateTime(r.started_at) },
  { prop: 'finished_at', label: '结束时间', width: 170, formatter: (r) => formatDateTime(r.finished_at) },
]
