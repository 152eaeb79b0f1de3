import type { Appeal } from '@/api/providerRatings'
import type { SearchField, TableColumn } from '@/components/SearchTable/types'

import { ratingYears } from '../rating/data'
import { formatDateTime } from '@/utils/format'

export const APPEAL_STATUS: { value: string; label: string }[] = [
  { value: 'open', label: '待处理' },
  { value: 'upheld', label: '申诉成立' },
  { value: 'dismissed', label: '申诉不成立' },
]

export const APPEAL_TAGS: Record<string, 'warning' | 'success' | 'info'> = { open: 'warning', upheld: 'success', dismissed: 'info' }

export function searchSchema(now: Date = new Date()): SearchField[] {
  return [
    { field: 'status', label: '状态', type: 'select', options: APPEAL_STATUS, width: 130 },
    { field: 'year', label: '评级年度', type: 'select', options: ratingYears(now).map((y) => ({ label: `${y} 年`, value: y })), width: 120 },
  ]
}

const time = (v: string | null | undefined): string => formatDateTime(v)

export const columns: TableColumn<Appeal>[] = [
  { prop: 'org_name', label: '服务商', minWidth: 180 },
  { prop: 'year', label: '评级年度', width: 90, align: 'center' },
  { prop: 'grade', label: '原等级', width: 90, align: 'center', formatter: (a) => `${a.grade}（${Number(a.total).toFixed(2)}）` },
  { prop: 'reason', label: '申诉理由', minWidth: 220 },
  { prop: 'status', label: '状态', width: 110, align: 'center' },
  { prop: 'resolution', label: '处理意见', minWidth: 180, formatter: (a) => a.resolution || '—' },
  { prop: 'created_at', label: '申诉时间', width: 170, formatter: (a) => time(a.created_at) },
]

/** A manual score as typed: 0 to 100 with at most two decimals (the server stores it as a Decimal). */
export const SCORE_PATTERN = /^\d{1,3}(\.\d{1,2})?$/
export const SCORE_MESSAGE = '评分应为 0 至 100 之间的数，最多两位小数'

type ScoreValue = string | number | null | undefined

/**
 * The decimal string to send for a typed score, exactly as typed (never through a binary float): '' when left
 * empty, null when it is not a score. The 0–100 range is checked in integer cents.
 */
export function scoreInput(raw: ScoreValue): string | null {
  if (raw === null || raw === undefined) return ''
  const text = String(raw).trim()
  if (text === '') return ''
  if (!SCORE_PATTERN.test(text)) return null
  const [whole, frac = ''] = text.split('.')
  const cents = Number.parseInt(whole!, 10) * 100 + Number.parseInt(frac.padEnd(2, '0'), 10)
  return cents <= 100 * 100 ? text : null
}

/** The typed scores to send (empty ones left out) and a message per key that is not a score. */
export function typedScores(scores: Record<string, ScoreValue>): { components: Record<string, string>; errors: Record<string, string> } {
  const components: Record<string, string> = {}
  const errors: Record<string, string> = {}
  for (const [key, raw] of Object.entries(scores)) {
    const value = scoreInput(raw)
    if (value === null) errors[key] = SCORE_MESSAGE
    else if (value !== '') components[key] = value
  }
  return { components, errors }
}

/** The corrected manual scores the city typed (empty entries are not sent); throws on a value that is not a score. */
export function correctedScores(scores: Record<string, ScoreValue>): Record<string, string> | null {
  const { components, errors } = typedScores(scores)
  if (Object.keys(errors).length) throw new Error(SCORE_MESSAGE)
  return Object.keys(components).length ? components : null
}
