import type { PoolAction, PoolMember } from '@/api/providers'
import type { Option, SearchField, TableColumn } from '@/components/SearchTable/types'
import { formatDateTime } from '@/utils/format'

export const POOL_STATUS_OPTIONS: Option[] = [
  { label: '在库', value: 'active' },
  { label: '警告', value: 'warned' },
  { label: '已停用', value: 'disabled' },
  { label: '已退出', value: 'exited' },
]

export function searchSchema(types: Option[], subs: Option[]): SearchField[] {
  return [
    { field: 'q', label: '服务商名称' },
    { field: 'provider_type', label: '类型', type: 'select', options: types },
    { field: 'sub_industry', label: '服务细分行业', type: 'select', options: subs },
    { field: 'status', label: '状态', type: 'select', options: POOL_STATUS_OPTIONS, width: 120 },
  ]
}

export function columns(typeLabels: Record<string, string>, subLabels: Record<string, string>): TableColumn<PoolMember>[] {
  return [
    { prop: 'org_name', label: '服务商名称', minWidth: 200 },
    { prop: 'region_name', label: '所在区域', width: 110 },
    { prop: 'provider_type', label: '类型', width: 150, formatter: (r) => typeLabels[r.provider_type] ?? r.provider_type },
    {
      prop: 'sub_industries',
      label: '服务细分行业',
      minWidth: 180,
      formatter: (r) => r.sub_industries.map((s) => subLabels[s] ?? s).join('、'),
    },
    { prop: 'status', label: '状态', width: 90, align: 'center' },
    { prop: 'status_reason', label: '状态说明', minWidth: 140 },
    { prop: 'entered_at', label: '入库时间', width: 170, formatter: (r) => formatDateTime(r.entered_at) },
  ]
}

export const POOL_ACTION_LABELS: Record<PoolAction, string> = { warn: '警告', disable: '停用', exit: '退出', restore: '恢复' }

/** Pool actions in button order; a row offers those in its allowed_actions (the server decides). */
export const POOL_ACTIONS: readonly PoolAction[] = ['warn', 'disable', 'exit', 'restore']
