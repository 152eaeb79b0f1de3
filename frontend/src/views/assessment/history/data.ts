import type { AssessmentCompareOut, AssessmentHistoryItem } from '@/api/assessment'
import type { TableColumn } from '@/components/SearchTable/types'
import { formatDateTime } from '@/utils/format'

import { scoreText } from '../shared'

export const columns: TableColumn<AssessmentHistoryItem>[] = [
  { prop: 'id', label: '编号', width: 80 },
  { prop: 'source', label: '类型', width: 100 },
  { prop: 'submitted_at', label: '提交时间', width: 180, formatter: (r) => formatDateTime(r.submitted_at) },
  { prop: 'indicator_set', label: '指标体系', minWidth: 220, formatter: (r) => `${r.indicator_set.name}（${r.indicator_set.version}）` },
  { prop: 'total_score', label: '总分', width: 100, align: 'right', formatter: (r) => scoreText(r.total_score) },
  { prop: 'level', label: '等级', width: 100 },
]

export type Trend = 'up' | 'down' | 'same' | 'none'

export function trendOf(delta: string | null | undefined): Trend {
  if (delta === null || delta === undefined || delta === '') return 'none'
  const n = Number(delta)
  if (!Number.isFinite(n)) return 'none'
  return n > 0 ? 'up' : n < 0 ? 'down' : 'same'
}

/** "+1.5" / "-3" / "0" / "—" */
export function deltaText(delta: string | null | undefined): string {
  const t = trendOf(delta)
  if (t === 'none') return '—'
  return t === 'up' ? `+${delta}` : String(delta)
}

/** Order two selected rows oldest first (the compare endpoint computes b − a). */
export function compareOrder<T extends { id: number; submitted_at: string | null }>(rows: T[]): [T, T] | null {
  if (rows.length !== 2) return null
  const [x, y] = rows as [T, T]
  const tx = x.submitted_at ? Date.parse(x.submitted_at) : 0
  const ty = y.submitted_at ? Date.parse(y.submitted_at) : 0
  return tx <= ty ? [x, y] : [y, x]
}

/** Indicators that changed first, biggest change first. */
export function changedFirst(cmp: AssessmentCompareOut): AssessmentCompareOut['indicators'] {
  return [...cmp.indicators].sort((p, q) => Math.abs(Number(q.delta ?? 0)) - Math.abs(Number(p.delta ?? 0)))
}
