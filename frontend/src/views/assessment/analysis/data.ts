import type { AnalysisEntryOut } from '@/api/assessment'
import type { SearchField, TableColumn } from '@/components/SearchTable/types'
import { formatDateTime } from '@/utils/format'

import { SIZE_OPTIONS, SOURCE_OPTIONS } from '../shared'

export const filterSchema: SearchField[] = [
  { field: 'region_code', label: '县区', type: 'region' },
  { field: 'division', label: '行业大类', placeholder: '两位代码，如 34', width: 150 },
  { field: 'size_band', label: '企业规模', type: 'select', options: SIZE_OPTIONS, width: 130 },
  { field: 'source', label: '结果来源', type: 'select', options: SOURCE_OPTIONS, width: 130 },
  { field: 'dates', label: '提交日期', type: 'date-range' },
]

export const entryColumns: TableColumn<AnalysisEntryOut>[] = [
  { prop: 'org', label: '企业名称', minWidth: 220, formatter: (r) => r.org.name },
  { prop: 'region', label: '所在地区', minWidth: 140, formatter: (r) => r.region.name },
  { prop: 'industry_division', label: '行业大类', width: 90, formatter: (r) => r.industry_division || '—' },
  { prop: 'size_band', label: '企业规模', width: 90, formatter: (r) => r.size_band_label },
  { prop: 'source', label: '结果来源', width: 100, formatter: (r) => r.source_label },
  { prop: 'total_score', label: '总分', width: 90, sortable: true, align: 'right' },
  { prop: 'level', label: '等级', width: 100, sortable: true },
  { prop: 'submitted_at', label: '提交时间', width: 170, sortable: true, formatter: (r) => formatDateTime(r.submitted_at) },
]

export type BucketKind = 'level' | 'region' | 'division' | 'size' | 'month' | 'at_or_above'

export interface Bucket {
  kind: BucketKind
  label: string
  query: Record<string, string | number>
}

/** A clicked bucket → the drill-down query it adds to the filters. */
export function bucketQuery(kind: BucketKind, key: string | number): Record<string, string | number> {
  switch (kind) {
    case 'level':
      return { level: Number(key) }
    case 'region':
      return { region_code: String(key) }
    case 'division':
      return { division: String(key) }
    case 'size':
      return { size_band: String(key) }
    case 'month':
      return { month: String(key) }
    case 'at_or_above':
      return { min_level: Number(key) }
  }
}
