import type { SmsOutboxOut } from '@/api/identity'
import type { SearchField, TableColumn } from '@/components/SearchTable/types'
import { formatDateTime } from '@/utils/format'

export const PURPOSE_LABELS: Record<string, string> = { login: '登录验证码' }
export const STATUS_LABELS: Record<string, string> = { sent: '已发送', failed: '发送失败' }

export const searchSchema: SearchField[] = [
  {
    field: 'purpose',
    label: '用途',
    type: 'select',
    options: Object.entries(PURPOSE_LABELS).map(([value, label]) => ({ label, value })),
    width: 160,
  },
]

export const columns: TableColumn<SmsOutboxOut>[] = [
  { prop: 'created_at', label: '时间', width: 170, formatter: (r) => formatDateTime(r.created_at) },
  { prop: 'mobile_masked', label: '手机号', width: 130 },
  { prop: 'purpose', label: '用途', width: 120, formatter: (r) => PURPOSE_LABELS[r.purpose] ?? r.purpose },
  { prop: 'content', label: '内容', minWidth: 300 },
  { prop: 'backend', label: '通道', width: 110 },
  { prop: 'status', label: '状态', width: 100, align: 'center' },
]
