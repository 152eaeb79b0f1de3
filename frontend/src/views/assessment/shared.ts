/** Labels and small helpers shared by the assessment pages. */
import type { Option } from '@/components/SearchTable/types'

export const STATUS_OPTIONS: Option[] = [
  { label: '草稿', value: 'draft' },
  { label: '已提交', value: 'submitted' },
]

export const STATUS_TYPES: Record<string, 'info' | 'success' | 'warning'> = { draft: 'warning', submitted: 'success' }

export const SIZE_OPTIONS: Option[] = [
  { label: '大型', value: 'large' },
  { label: '中型', value: 'medium' },
  { label: '小型', value: 'small' },
  { label: '微型', value: 'micro' },
  { label: '未知', value: 'unknown' },
]

export const LEVEL_OPTIONS: Option[] = [
  { label: '四级', value: 4 },
  { label: '三级', value: 3 },
  { label: '二级', value: 2 },
  { label: '一级', value: 1 },
  { label: '未达一级', value: 0 },
]

export const SOURCE_OPTIONS: Option[] = [
  { label: '企业自评', value: 'self' },
  { label: '现场评定', value: 'onsite' },
]

export function levelLabel(level: number | null | undefined): string {
  if (level === null || level === undefined) return '—'
  return String(LEVEL_OPTIONS.find((o) => o.value === level)?.label ?? level)
}

/** "80.5" / null → "80.5 分" / "—". */
export function scoreText(score: string | number | null | undefined): string {
  return score === null || score === undefined || score === '' ? '—' : `${score} 分`
}
