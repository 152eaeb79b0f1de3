import type { AssessmentOut } from '@/api/assessment'
import type { TableColumn } from '@/components/SearchTable/types'
import { formatDateTime } from '@/utils/format'

import { levelLabel, scoreText } from '../shared'

export const columns: TableColumn<AssessmentOut>[] = [
  { prop: 'id', label: '编号', width: 80 },
  { prop: 'indicator_set', label: '指标体系', minWidth: 220, formatter: (r) => `${r.indicator_set.name}（${r.indicator_set.version}）` },
  { prop: 'status', label: '状态', width: 90, align: 'center' },
  { prop: 'progress', label: '填报进度', width: 110, formatter: (r) => `${r.progress_answered} / ${r.progress_total}` },
  { prop: 'total_score', label: '总分', width: 100, sortable: true, formatter: (r) => scoreText(r.total_score) },
  { prop: 'level', label: '等级', width: 100, formatter: (r) => levelLabel(r.level) },
  { prop: 'submitted_at', label: '提交时间', width: 170, sortable: true, formatter: (r) => formatDateTime(r.submitted_at) },
  { prop: 'updated_at', label: '最后保存', width: 170, sortable: true, formatter: (r) => formatDateTime(r.updated_at) },
]
