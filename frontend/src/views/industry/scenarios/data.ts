/** 产业链场景库 list: search form and columns. */
import type { ScenarioRow } from '@/api/scenarios'
import type { Option, SearchField, TableColumn } from '@/components/SearchTable/types'

export const STATUS_OPTIONS: Option<string>[] = [
  { value: 'draft', label: '草稿' },
  { value: 'published', label: '已发布' },
  { value: 'retired', label: '已停用' },
]
export const STATUS_TYPES = { draft: 'info', published: 'success', retired: 'warning' } as const

export function searchSchema(chains: Option[], manage: boolean): SearchField[] {
  const fields: SearchField[] = [
    { field: 'q', label: '场景', placeholder: '名称或描述关键字' },
    { field: 'chain_id', label: '产业链', type: 'select', options: chains, width: 180 },
  ]
  if (manage) fields.push({ field: 'status', label: '状态', type: 'select', options: STATUS_OPTIONS, width: 120 })
  return fields
}

export const columns: TableColumn<ScenarioRow>[] = [
  { prop: 'chain_name', label: '产业链', width: 150 },
  { prop: 'link_name', label: '环节', minWidth: 160, formatter: (r) => r.link_name || '全链' },
  { prop: 'title', label: '场景', minWidth: 180 },
  { prop: 'scenes', label: '数字化水平场景', minWidth: 180, formatter: (r) => r.scenes.map((s) => s.name).join('、') },
  { prop: 'reporter_count', label: '反映企业', width: 100, sortable: true, align: 'center' },
  { prop: 'unmet_count', label: '待对接需求', width: 110, align: 'center' },
  { prop: 'status', label: '状态', width: 110, align: 'center' },
]

export interface ScenarioModel {
  chain_id: number | null
  link_id: number | null
  code: string
  title: string
  description: string
  scenes: string[]
  keywords: string[]
  status: string
}

export function emptyModel(chainId: number | null): ScenarioModel {
  return { chain_id: chainId, link_id: null, code: '', title: '', description: '', scenes: [], keywords: [], status: 'draft' }
}
