import type { LibraryRow } from '@/api/cultivation'
import { TIER_OPTIONS } from '@/api/cultivation'
import type { Option, SearchField, TableColumn } from '@/components/SearchTable/types'

export const STATUS_OPTIONS: Option[] = [
  { label: '在库', value: 'active' },
  { label: '已移出', value: 'removed' },
]
export const EXPIRING_OPTIONS: Option[] = [
  { label: '30 天内到期', value: 30 },
  { label: '90 天内到期', value: 90 },
  { label: '180 天内到期', value: 180 },
]

export function searchSchema(subIndustries: Option[]): SearchField[] {
  return [
    { field: 'q', label: '关键字', placeholder: '企业名称 / 信用代码' },
    { field: 'region_code', label: '所在县区', type: 'region' },
    { field: 'sub_industry', label: '细分行业', type: 'select', options: subIndustries },
    { field: 'tier', label: '梯度', type: 'select', options: TIER_OPTIONS, width: 180 },
    { field: 'expiring_days', label: '到期', type: 'select', options: EXPIRING_OPTIONS, width: 140 },
    { field: 'status', label: '状态', type: 'select', options: STATUS_OPTIONS, width: 110 },
  ]
}

export const columns: TableColumn<LibraryRow>[] = [
  { prop: 'org_name', label: '企业名称', minWidth: 200 },
  { prop: 'region_name', label: '所在县区', width: 100 },
  { prop: 'sub_industry_label', label: '细分行业', minWidth: 110 },
  { prop: 'tier', label: '当前梯度', width: 190 },
  { prop: 'certificate_no', label: '证书编号', minWidth: 150 },
  { prop: 'tier_since', label: '认定日期', width: 110, sortable: true, formatter: (r) => r.tier_since ?? '—' },
  { prop: 'valid_until', label: '有效期至 / 复核到期', width: 160, sortable: true },
  { prop: 'status', label: '状态', width: 90, align: 'center' },
]
