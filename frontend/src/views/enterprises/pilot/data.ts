import type { Pilot } from '@/api/enterprises'
import { LEVEL_OPTIONS, levelLabel } from '@/components/Registries/labels'
import type { Option, SearchField, TableColumn } from '@/components/SearchTable/types'
import { formatDateTime } from '@/utils/format'

export const PILOT_STATUS_OPTIONS: Option[] = [
  { label: '正常', value: 'active' },
  { label: '已停用', value: 'disabled' },
]

export function searchSchema(subIndustries: Option[]): SearchField[] {
  return [
    { field: 'q', label: '关键字', placeholder: '企业名称 / 信用代码' },
    { field: 'region_code', label: '所在县区', type: 'region' },
    { field: 'sub_industry', label: '细分行业', type: 'select', options: subIndustries },
    { field: 'level', label: '数字化等级', type: 'select', options: LEVEL_OPTIONS, width: 120 },
    { field: 'status', label: '状态', type: 'select', options: PILOT_STATUS_OPTIONS, width: 120 },
  ]
}

export function columns(subLabels: Record<string, string>): TableColumn<Pilot>[] {
  return [
    { prop: 'org_name', label: '企业名称', minWidth: 200 },
    { prop: 'credit_code', label: '统一社会信用代码', width: 190 },
    { prop: 'region', label: '所在县区', width: 110, formatter: (r) => r.region.name },
    { prop: 'sub_industry', label: '细分行业', minWidth: 120, formatter: (r) => subLabels[r.sub_industry] ?? r.sub_industry },
    { prop: 'level', label: '数字化等级', width: 100, align: 'center', formatter: (r) => levelLabel(r.level) },
    { prop: 'status', label: '状态', width: 90, align: 'center' },
    { prop: 'batch_name', label: '遴选批次', minWidth: 140, formatter: (r) => r.batch_name ?? '—' },
    { prop: 'entered_at', label: '入库时间', width: 170, sortable: true, formatter: (r) => formatDateTime(r.entered_at) },
  ]
}
