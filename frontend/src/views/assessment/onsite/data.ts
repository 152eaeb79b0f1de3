import type { OnsiteRatingOut } from '@/api/assessment'
import type { SearchField, TableColumn } from '@/components/SearchTable/types'
import { formatDateTime } from '@/utils/format'

import { STATUS_OPTIONS, scoreText } from '../shared'

export const searchSchema: SearchField[] = [
  { field: 'q', label: '企业名称', placeholder: '企业名称关键字' },
  { field: 'status', label: '状态', type: 'select', options: STATUS_OPTIONS, width: 130 },
  { field: 'region_code', label: '地区', type: 'region' },
]

export const columns: TableColumn<OnsiteRatingOut>[] = [
  { prop: 'id', label: '编号', width: 70 },
  { prop: 'org', label: '企业', minWidth: 200, formatter: (r) => r.org.name },
  { prop: 'region', label: '地区', minWidth: 120, formatter: (r) => r.region.name },
  { prop: 'status', label: '状态', width: 90, align: 'center' },
  { prop: 'progress', label: '进度', width: 90, formatter: (r) => `${r.progress_answered}/${r.progress_total}` },
  { prop: 'total_score', label: '总分', width: 90, sortable: true, formatter: (r) => scoreText(r.total_score) },
  { prop: 'level', label: '等级', width: 90, sortable: true },
  { prop: 'rated_by', label: '评定人', width: 110, formatter: (r) => r.rated_by.name },
  { prop: 'counts_for_acceptance', label: '验收采信', width: 90, align: 'center', formatter: (r) => (r.counts_for_acceptance ? '是' : '否') },
  { prop: 'updated_at', label: '更新时间', width: 170, sortable: true, formatter: (r) => formatDateTime(r.updated_at) },
]
