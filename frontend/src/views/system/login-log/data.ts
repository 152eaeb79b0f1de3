import type { LoginLogOut } from '@/api/types'
import type { SearchField, TableColumn } from '@/components/SearchTable/types'
import { formatDateTime } from '@/utils/format'

export const searchSchema: SearchField[] = [
  { field: 'q', label: '用户名' },
  {
    field: 'success',
    label: '结果',
    type: 'select',
    options: [
      { label: '成功', value: true },
      { label: '失败', value: false },
    ],
    width: 120,
  },
  { field: 'ip', label: 'IP', width: 160 },
  { field: 'date', label: '时间', type: 'date-range' },
]

export const columns: TableColumn<LoginLogOut>[] = [
  { prop: 'created_at', label: '时间', width: 170, sortable: true, formatter: (r) => formatDateTime(r.created_at) },
  { prop: 'username', label: '用户名', width: 140 },
  { prop: 'success', label: '结果', width: 90, align: 'center' },
  { prop: 'reason', label: '说明', minWidth: 160 },
  { prop: 'ip', label: 'IP', width: 140 },
  { prop: 'user_agent', label: '浏览器', minWidth: 240 },
]
