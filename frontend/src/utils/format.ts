/** Display helpers; times are shown in Asia/Shanghai whatever the browser's zone. */

const DATE_TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
})

function parts(value: string | number | Date): Record<string, string> | null {
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) return null
  const out: Record<string, string> = {}
  for (const p of DATE_TIME.formatToParts(date)) out[p.type] = p.value
  return out
}

/** 2025-03-01T02:03:04Z → "2025-03-01 10:03:04"; empty → "—". */
export function formatDateTime(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—'
  const p = parts(value)
  if (!p) return String(value)
  const hour = p.hour === '24' ? '00' : p.hour
  return `${p.year}-${p.month}-${p.day} ${hour}:${p.minute}:${p.second}`
}

export function formatDate(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—'
  const p = parts(value)
  if (!p) return String(value)
  return `${p.year}-${p.month}-${p.day}`
}

export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** 上午好 / 下午好 / 晚上好 by the hour in Asia/Shanghai. */
export function greeting(now: Date = new Date()): string {
  const hour = Number(parts(now)?.hour ?? now.getHours()) % 24
  if (hour < 6) return '夜深了'
  if (hour < 12) return '上午好'
  if (hour < 14) return '中午好'
  if (hour < 18) return '下午好'
  return '晚上好'
}
