import type { OnlineSessionOut } from '@/api/identity'
import type { SearchField, TableColumn } from '@/components/SearchTable/types'
import { formatDateTime } from '@/utils/format'

/** How the session was opened (UserSession.channel). */
export const CHANNEL_LABELS: Record<string, string> = {
  password: '账号密码',
  sms: '短信验证码',
  sso: '统一身份认证',
}

export function channelLabel(channel: string): string {
  return CHANNEL_LABELS[channel] ?? (channel || '—')
}

export const searchSchema: SearchField[] = [
  { field: 'q', label: '用户', placeholder: '用户名 / 姓名' },
  { field: 'ip', label: 'IP', placeholder: 'IP 前缀', width: 160 },
]

export const columns: TableColumn<OnlineSessionOut>[] = [
  { prop: 'username', label: '用户名', minWidth: 120 },
  { prop: 'display_name', label: '姓名', minWidth: 110 },
  { prop: 'channel', label: '登录方式', width: 120, formatter: (r) => channelLabel(r.channel) },
  { prop: 'ip', label: 'IP', width: 140 },
  { prop: 'user_agent', label: '浏览器', minWidth: 220 },
  { prop: 'created_at', label: '登录时间', width: 170, sortable: true, formatter: (r) => formatDateTime(r.created_at) },
  { prop: 'last_seen_at', label: '最近活动', width: 170, sortable: true, formatter: (r) => formatDateTime(r.last_seen_at) },
]
