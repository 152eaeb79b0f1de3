import type { SmsOutboxOut } from '@/api/identity'
import type { SearchField, TableColumn } from '@/components/SearchTable/types'
import { formatDateTime } from '@/utils/format'

export const PURPOSE_LABELS: Record<string, string> = {
  login: '登录验证码',
  policy_push: '政策推送',
  review: '审核结果',
  cultivation: '培育到期提醒',
  industry: '经营数据报送提醒',
}
export const STATUS_LABELS: Record<string, string> = { sent: '已发送', delivered: '已送达', failed: '发送失败' }
export const KIND_LABELS: Record<string, string> = { code: '验证码', notice: '业务通知', marketing: '推送（需同意）' }

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
  { prop: 'kind', label: '类型', width: 120, formatter: (r) => KIND_LABELS[r.kind] ?? r.kind },
  { prop: 'backend', label: '通道', width: 110 },
  { prop: 'status', label: '状态', width: 100, align: 'center' },
  { prop: 'receipt_code', label: '回执', width: 160, formatter: (r) => [r.receipt_code, r.error].filter(Boolean).join(' ') || '—' },
]
