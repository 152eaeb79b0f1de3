import type { Product, ProductIn } from '@/api/providers'
import { DEPLOYMENT_OPTIONS, KIND_OPTIONS, decimalString, money, optionLabel } from '@/components/Registries/labels'
import type { Option, SearchField, TableColumn } from '@/components/SearchTable/types'
import { formatDateTime } from '@/utils/format'

export const PRODUCT_STATUS_OPTIONS: Option[] = [
  { label: '草稿', value: 'draft' },
  { label: '审核中', value: 'reviewing' },
  { label: '退回修改', value: 'returned' },
  { label: '已发布', value: 'published' },
  { label: '未通过', value: 'rejected' },
  { label: '已下架', value: 'offline' },
]

export const searchSchema: SearchField[] = [
  { field: 'q', label: '名称' },
  { field: 'status', label: '状态', type: 'select', options: PRODUCT_STATUS_OPTIONS, width: 130 },
]

export function columns(subLabels: Record<string, string>): TableColumn<Product>[] {
  return [
    { prop: 'name', label: '名称', minWidth: 180 },
    { prop: 'org_name', label: '服务商', minWidth: 180 },
    { prop: 'kind', label: '类别', width: 90, formatter: (r) => optionLabel(KIND_OPTIONS, r.kind) },
    {
      prop: 'sub_industries',
      label: '适用细分行业',
      minWidth: 160,
      formatter: (r) => r.sub_industries.map((s) => subLabels[s] ?? s).join('、'),
    },
    { prop: 'deployment_mode', label: '部署方式', width: 110, formatter: (r) => optionLabel(DEPLOYMENT_OPTIONS, r.deployment_mode) },
    { prop: 'list_price', label: '标准价格（元）', width: 130, align: 'right', formatter: (r) => money(r.list_price) },
    { prop: 'pilot_discount_pct', label: '试点优惠', width: 90, align: 'right', formatter: (r) => `${Number(r.pilot_discount_pct)}%` },
    { prop: 'subsidy_share_pct', label: '补贴比例', width: 90, align: 'right', formatter: (r) => `${Number(r.subsidy_share_pct)}%` },
    { prop: 'status', label: '状态', width: 100, align: 'center' },
    { prop: 'published_at', label: '发布时间', width: 170, formatter: (r) => formatDateTime(r.published_at) },
  ]
}

/** The product form as the user fills it (prices as typed text, never floats). */
export interface ProductFormModel {
  name: string
  kind: string
  summary: string
  small: string
  fast: string
  light: string
  precise: string
  sub_industries: string[]
  scenarios: string[]
  deployment_mode: string
  list_price: string
  pilot_discount_pct: string
  subsidy_share_pct: string
}

export function productForm(p?: Product | null): ProductFormModel {
  return {
    name: p?.name ?? '',
    kind: p?.kind ?? 'product',
    summary: p?.summary ?? '',
    small: p?.xkqz.small ?? '',
    fast: p?.xkqz.fast ?? '',
    light: p?.xkqz.light ?? '',
    precise: p?.xkqz.precise ?? '',
    sub_industries: [...(p?.sub_industries ?? [])],
    scenarios: [...(p?.scenarios ?? [])],
    deployment_mode: p?.deployment_mode ?? 'saas',
    list_price: p ? String(p.list_price) : '',
    pilot_discount_pct: p ? String(p.pilot_discount_pct) : '0',
    subsidy_share_pct: p ? String(p.subsidy_share_pct) : '0',
  }
}

/** Form → body: Decimal values go as strings ("68000.00"), never through floating point arithmetic. */
export function productPayload(m: ProductFormModel): ProductIn {
  return {
    name: m.name.trim(),
    kind: m.kind,
    summary: m.summary.trim(),
    xkqz: { small: m.small.trim(), fast: m.fast.trim(), light: m.light.trim(), precise: m.precise.trim() },
    sub_industries: [...m.sub_industries],
    scenarios: [...m.scenarios],
    deployment_mode: m.deployment_mode,
    list_price: decimalString(m.list_price) ?? '',
    pilot_discount_pct: decimalString(m.pilot_discount_pct) ?? '0.00',
    subsidy_share_pct: decimalString(m.subsidy_share_pct) ?? '0.00',
  }
}
