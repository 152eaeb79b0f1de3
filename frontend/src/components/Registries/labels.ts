/** Labels and tag colours shared by the registry pages (enterprises and providers). Pure. */
import type { Option } from '@/components/SearchTable/types'

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

/** Workflow statuses of applications, products and posts → tag colour. */
export const WORKFLOW_TYPES: Record<string, TagType> = {
  draft: 'info',
  reviewing: 'warning',
  returned: 'danger',
  publicity: 'primary',
  approved: 'success',
  published: 'success',
  rejected: 'danger',
  withdrawn: 'info',
  offline: 'info',
  open: 'success',
  closed: 'info',
  active: 'success',
  warned: 'warning',
  disabled: 'danger',
  exited: 'info',
}

export const WORKFLOW_LABELS: Record<string, string> = {
  draft: '草稿',
  reviewing: '审核中',
  returned: '退回修改',
  publicity: '公示中',
  approved: '已入库',
  published: '已发布',
  rejected: '未通过',
  withdrawn: '已撤回',
  offline: '已下架',
  open: '申报中',
  closed: '已截止',
  active: '在库',
  warned: '警告',
  disabled: '已停用',
  exited: '已退出',
}

/** 公示异议 statuses → tag colour and the filter's options (shared by every publicity). */
export const OBJECTION_TYPES: Record<string, TagType> = { open: 'warning', upheld: 'danger', dismissed: 'success' }

export const OBJECTION_STATUS_OPTIONS: Option[] = [
  { label: '待处理', value: 'open' },
  { label: '异议成立', value: 'upheld' },
  { label: '异议不成立', value: 'dismissed' },
]

export function statusLabel(status: string, label?: string | null): string {
  return label || WORKFLOW_LABELS[status] || status
}

export const SIZE_TYPES: Record<string, TagType> = { large: 'danger', medium: 'warning', small: 'primary', micro: 'success' }

export const SIZE_OPTIONS: Option[] = [
  { label: '大型', value: 'large' },
  { label: '中型', value: 'medium' },
  { label: '小型', value: 'small' },
  { label: '微型', value: 'micro' },
]

export const LEVEL_OPTIONS: Option[] = [1, 2, 3, 4].map((n) => ({ label: `${'一二三四'[n - 1]}级`, value: n }))

export function levelLabel(level: number | null | undefined): string {
  return level ? `${'一二三四'[level - 1] ?? level}级` : '未评定'
}

export const PROVENANCE_TYPES: Record<string, TagType> = {
  self_declared: 'info',
  government_import: 'primary',
  reviewer_confirmed: 'success',
}

export const DEPLOYMENT_OPTIONS: Option<string>[] = [
  { label: 'SaaS 云服务', value: 'saas' },
  { label: '本地部署', value: 'private' },
  { label: '混合部署', value: 'hybrid' },
  { label: '边缘/设备端', value: 'edge' },
]

export const KIND_OPTIONS: Option<string>[] = [
  { label: '产品', value: 'product' },
  { label: '解决方案', value: 'solution' },
]

export function optionLabel(options: Option[], value: unknown): string {
  const hit = options.find((o) => o.value === value)
  return hit ? hit.label : value === null || value === undefined || value === '' ? '—' : String(value)
}

/** ['a','b'] with a value → label map → '甲、乙' */
export function joinLabels(values: readonly string[] | null | undefined, labels: Record<string, string>): string {
  if (!values?.length) return '—'
  return values.map((v) => labels[v] ?? v).join('、')
}

/** A Decimal the API returned (number or string) shown with 2 places; empty → '—'. */
export function money(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—'
  const n = Number(value)
  if (!Number.isFinite(n)) return String(value)
  return n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
}

/** A number typed into a form → the Decimal string the API expects ("" → null). */
export function decimalString(value: unknown, places = 2): string | null {
  if (value === null || value === undefined) return null
  const text = String(value).trim().replace(/,/g, '')
  if (text === '') return null
  const n = Number(text)
  if (!Number.isFinite(n)) return text // let the server say what is wrong
  return n.toFixed(places)
}
