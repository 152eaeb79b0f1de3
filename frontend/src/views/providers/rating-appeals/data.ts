import type { Appeal } from '@/api/providerRatings'
import type { SearchField, TableColumn } from '@/components/SearchTable/types'

import { ratingYears } from '../rating/data'

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

const time = (v: string | null | undefined): string => (v ? new Date(v).toLocaleString('zh-CN') : '—')

export const columns: TableColumn<Appeal>[] = [
  { prop: 'org_name', label: '服务商', minWidth: 180 },
  { prop: 'year', label: '评级年度', width: 90, align: 'center' },
  { prop: 'grade', label: '原等级', width: 90, align: 'center', formatter: (a) => `${a.grade}（${Number(a.total).toFixed(2)}）` },
  { prop: 'reason', label: '申诉理由', minWidth: 220 },
  { prop: 'status', label: '状态', width: 110, align: 'center' },
  { prop: 'resolution', label: '处理意见', minWidth: 180, formatter: (a) => a.resolution || '—' },
  { prop: 'created_at', label: '申诉时间', width: 170, formatter: (a) => time(a.created_at) },
]

/** The corrected manual scores the city typed (empty entries are not sent). */
export function correctedScores(scores: Record<string, number | null | undefined>): Record<string, string> | null {
  const entries = Object.entries(scores).filter(([, v]) => v !== null && v !== undefined)
  return entries.length ? Object.fromEntries(entries.map(([k, v]) => [k, Number(v).toFixed(2)])) : null
}
