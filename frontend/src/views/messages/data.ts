import type { MessageOut } from '@/api/types'
import type { TableColumn } from '@/components/SearchTable/types'
import { formatDateTime } from '@/utils/format'

export const columns: TableColumn<MessageOut>[] = [
  { prop: 'title', label: '消息', minWidth: 360, tooltip: false },
  { prop: 'read_at', label: '状态', width: 90, align: 'center' },
  { prop: 'created_at', label: '时间', width: 170, formatter: (r) => formatDateTime(r.created_at) },
]

/** Links inside the app are followed by the router; anything else is not followed. */
export function internalLink(link: string | null | undefined): string | null {
  if (!link) return null
  return link.startsWith('/') && !link.startsWith('//') ? link : null
}
