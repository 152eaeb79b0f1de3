import type { EntryRow, LineRow } from '@/api/funds'
import type { Option, SearchField, TableColumn } from '@/components/SearchTable/types'

export const KIND_OPTIONS: Option[] = [
  { label: '下达', value: 'allocate' },
  { label: '承诺', value: 'commit' },
  { label: '拨付', value: 'disburse' },
  { label: '冲销', value: 'reverse' },
]

export const BY_OPTIONS: Array<{ label: string; value: 'source' | 'county' | 'enterprise' | 'project' }> = [
  { label: '按资金来源', value: 'source' },
  { label: '按县区', value: 'county' },
  { label: '按企业', value: 'enterprise' },
  { label: '按项目', value: 'project' },
]

const yuan = (v: string): string => Number(v).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
export { yuan }

export function lineSearch(purposes: Option[]): SearchField[] {
  return [
    { field: 'year', label: '年度', placeholder: '如 2026', width: 120 },
    { field: 'purpose', label: '用途类别', type: 'select', options: purposes, width: 220 },
    { field: 'region_code', label: '区划', type: 'region' },
  ]
}

export const lineColumns: TableColumn<LineRow>[] = [
  { prop: 'name', label: '预算科目', minWidth: 160 },
  { prop: 'source_name', label: '资金来源', minWidth: 180 },
  { prop: 'purpose_label', label: '用途类别', minWidth: 160 },
  { prop: 'region_name', label: '区划', width: 100 },
  { prop: 'year', label: '年度', width: 80, sortable: true },
  { prop: 'allocated', label: '已下达（元）', width: 140, align: 'right', sortable: true, formatter: (r) => yuan(r.allocated) },
  { prop: 'committed', label: '已承诺（元）', width: 140, align: 'right', sortable: true, formatter: (r) => yuan(r.committed) },
  { prop: 'disbursed', label: '已拨付（元）', width: 140, align: 'right', sortable: true, formatter: (r) => yuan(r.disbursed) },
  { prop: 'available', label: '可用（元）', width: 140, align: 'right', formatter: (r) => yuan(r.available) },
]

export const entrySearch: SearchField[] = [
  { field: 'kind', label: '类型', type: 'select', options: KIND_OPTIONS, width: 120 },
  { field: 'region_code', label: '县区', type: 'region' },
  { field: 'dates', label: '记账日期', type: 'date-range' },
]

export const entryColumns: TableColumn<EntryRow>[] = [
  { prop: 'id', label: '序号', width: 80 },
  { prop: 'created_at', label: '记账时间', width: 170, formatter: (r) => new Date(r.created_at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) },
  { prop: 'kind', label: '类型', width: 90, align: 'center' },
  { prop: 'amount', label: '金额（元）', width: 140, align: 'right', sortable: true, formatter: (r) => yuan(r.amount) },
  { prop: 'line_name', label: '预算科目', minWidth: 140 },
  { prop: 'enterprise_name', label: '企业', minWidth: 160, formatter: (r) => r.enterprise_name || '—' },
  { prop: 'region_name', label: '县区', width: 100 },
  { prop: 'reference', label: '凭证号/文号', minWidth: 120, formatter: (r) => r.reference || '—' },
  { prop: 'reason', label: '冲销原因', minWidth: 140, formatter: (r) => r.reason || '—' },
  { prop: 'actor_name', label: '经办人', width: 100 },
]
