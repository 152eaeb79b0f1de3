/** 招聘信息 on the portal: display helpers of a published notice (pure, tested in __tests__). */
import type { PublicRecruitmentPost } from '@/api/enterprises'
import type { RegionNode } from '@/api/types'

export const PAGE_SIZE = 10
/** Query keys of the list page (kept in the URL). */
export const FILTER_KEYS = ['q', 'region_code']

export interface Position {
  name: string
  count: number
  salary: string
}

/** The positions JSON as the server stores it ({name, count, salary}), cleaned: unnamed rows dropped, count ≥ 1. */
export function positionsOf(raw: PublicRecruitmentPost['positions'] | null | undefined): Position[] {
  const out: Position[] = []
  for (const p of raw ?? []) {
    const name = String(p?.name ?? '').trim()
    if (!name) continue
    const n = Number(p?.count)
    out.push({ name, count: Number.isInteger(n) && n > 0 ? n : 1, salary: String(p?.salary ?? '').trim() })
  }
  return out
}

/** Total number of people wanted over all positions. */
export function headcount(positions: readonly Position[]): number {
  return positions.reduce((sum, p) => sum + p.count, 0)
}

/** "6000-8000 元/月"; no salary given → "面议". */
export function salaryText(p: Position): string {
  return p.salary || '面议'
}

/** Whole days from `today` to `validUntil` (both YYYY-MM-DD; negative once past). */
export function daysLeft(validUntil: string, today: string): number {
  const end = Date.parse(`${validUntil}T00:00:00Z`)
  const now = Date.parse(`${today}T00:00:00Z`)
  if (Number.isNaN(end) || Number.isNaN(now)) return Number.NaN
  return Math.round((end - now) / 86_400_000)
}

/** "2026-12-31（还剩 5 天）", "2026-11-26（今日截止）"; an unreadable date is shown as is. */
export function validityText(validUntil: string, today: string): string {
  const d = daysLeft(validUntil, today)
  if (Number.isNaN(d)) return validUntil || '—'
  if (d < 0) return `${validUntil}（已截止）`
  if (d === 0) return `${validUntil}（今日截止）`
  return `${validUntil}（还剩 ${d} 天）`
}

/** Today in Asia/Shanghai as YYYY-MM-DD (the validity dates are calendar dates there). */
export function shanghaiToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}

/** A dialable tel: link for a published phone ("0373-5551234" → "tel:0373-5551234"); '' when there is none. */
export function telHref(phone: string | null | undefined): string {
  const digits = String(phone ?? '').replace(/[^\d+-]/g, '')
  return /\d{3,}/.test(digits.replace(/-/g, '')) ? `tel:${digits}` : ''
}

/** The requirements text as paragraphs (blank lines dropped). */
export function paragraphs(text: string | null | undefined): string[] {
  return String(text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
}

/** The sentence that sums up a result list for screen readers and the eye. */
export function resultSummary(total: number, q: string | undefined): string {
  const keyword = (q ?? '').trim()
  if (!total) return keyword ? `没有找到与“${keyword}”相关的招聘信息` : '暂无有效的招聘信息'
  return keyword ? `与“${keyword}”相关的招聘信息共 ${total} 条` : `共 ${total} 条有效招聘信息`
}

/**
 * Options of the region filter: the city, then its counties indented ("　红旗区"). The province above the city is
 * no choice of its own (everything is in it), and inactive regions are left out.
 */
export function regionOptions(nodes: readonly RegionNode[], depth = 0): { value: string; label: string }[] {
  const out: { value: string; label: string }[] = []
  for (const n of nodes) {
    if (!n.is_active) continue
    if (n.level === 'province') {
      out.push(...regionOptions(n.children ?? [], depth))
      continue
    }
    out.push({ value: n.code, label: `${'　'.repeat(depth)}${n.name}` })
    if (depth < 1 && n.children?.length) out.push(...regionOptions(n.children, depth + 1))
  }
  return out
}
