import type { RegionNode } from '@/api/types'
import type { FormField, Option } from '@/components/SearchTable/types'

/** regions.models.RegionLevel */
export const LEVEL_LABELS: Record<string, string> = { province: '省', city: '市', county: '县区' }

/** Region.kind is free text; these are the kinds of the seed data (county level). */
export const KIND_OPTIONS: Option[] = ['市辖区', '县', '县级市', '功能区'].map((k) => ({ value: k, label: k }))

/** "市辖区", or the level ("市") when the kind is empty. */
export function kindLabel(node: Pick<RegionNode, 'kind' | 'level'>): string {
  return node.kind || LEVEL_LABELS[node.level] || node.level
}

export const columns = [
  { prop: 'name', label: '名称', minWidth: 220 },
  { prop: 'code', label: '区划代码', width: 120 },
  { prop: 'short_name', label: '简称', width: 120 },
  { prop: 'kind', label: '类型', width: 110 },
  { prop: 'is_reviewer', label: '县级审核单位', width: 120 },
  { prop: 'is_active', label: '状态', width: 90 },
] as const

export const createSchema: FormField[] = [
  { field: 'parent_name', label: '上级区划', readonlyIn: ['create'] },
  {
    field: 'code',
    label: '区划代码',
    required: true,
    maxlength: 6,
    testId: 'region-form-code',
    validate: (v) => (/^\d{6}$/.test(String(v)) ? null : '区划代码为 6 位数字'),
  },
  { field: 'name', label: '名称', required: true, maxlength: 50, testId: 'region-form-name' },
  { field: 'kind', label: '类型', type: 'select', options: KIND_OPTIONS },
  { field: 'is_reviewer', label: '县级审核单位', type: 'switch', help: '开启后该区划的县区审核员负责辖内事项的初审' },
]

export const editSchema: FormField[] = [
  { field: 'code', label: '区划代码', readonlyIn: ['edit'] },
  { field: 'name', label: '名称', required: true, maxlength: 50 },
  { field: 'short_name', label: '简称', maxlength: 20 },
  { field: 'is_reviewer', label: '县级审核单位', type: 'switch' },
]

/** Keeps nodes whose name or code contains the keyword, with their ancestors. */
export function filterTree(nodes: readonly RegionNode[], keyword: string): RegionNode[] {
  const k = keyword.trim()
  if (!k) return [...nodes]
  const out: RegionNode[] = []
  for (const node of nodes) {
    const children = filterTree(node.children ?? [], k)
    if (node.name.includes(k) || node.code.includes(k) || children.length) out.push({ ...node, children })
  }
  return out
}
