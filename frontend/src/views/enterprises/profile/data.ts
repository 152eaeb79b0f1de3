import type { FactField, FigureIn, ProfileRow, ProfileUpdateIn } from '@/api/enterprises'
import { SIZE_OPTIONS, decimalString, money } from '@/components/Registries/labels'
import type { Option, SearchField, TableColumn } from '@/components/SearchTable/types'

export function searchSchema(subs: Option[]): SearchField[] {
  return [
    { field: 'q', label: '关键字', placeholder: '企业名称 / 信用代码' },
    { field: 'region_code', label: '所在县区', type: 'region' },
    { field: 'sub_industry', label: '细分行业', type: 'select', options: subs },
    { field: 'size_class', label: '企业规模', type: 'select', options: SIZE_OPTIONS, width: 120 },
    {
      field: 'above_scale',
      label: '规上企业',
      type: 'select',
      options: [
        { label: '是', value: true },
        { label: '否', value: false },
      ],
      width: 100,
    },
  ]
}

export const columns: TableColumn<ProfileRow>[] = [
  { prop: 'name', label: '企业名称', minWidth: 200, sortable: true },
  { prop: 'credit_code', label: '统一社会信用代码', width: 190 },
  { prop: 'region', label: '所在县区', width: 110, formatter: (r) => r.region.name },
  { prop: 'industry_code', label: '行业代码', width: 90 },
  { prop: 'latest_year', label: '最新年度', width: 90, align: 'center', formatter: (r) => (r.latest_year ? String(r.latest_year) : '—') },
  { prop: 'operating_revenue', label: '营业收入（万元）', width: 140, align: 'right', formatter: (r) => money(r.operating_revenue) },
  { prop: 'employees', label: '从业人员', width: 90, align: 'right', formatter: (r) => (r.employees ?? '—').toString() },
  { prop: 'size_class', label: '规模', width: 90, align: 'center' },
]

/** Basic fields the enterprise (or government) may edit, with their input kind. */
export const BASIC_EDITABLE: { key: keyof ProfileUpdateIn; kind: 'money' | 'date' | 'text' | 'textarea' | 'subs' | 'bool' }[] = [
  { key: 'registered_capital', kind: 'money' },
  { key: 'founded_on', kind: 'date' },
  { key: 'legal_representative', kind: 'text' },
  { key: 'industry_code', kind: 'text' },
  { key: 'sub_industries', kind: 'subs' },
  { key: 'contact_name', kind: 'text' },
  { key: 'contact_phone', kind: 'text' },
  { key: 'contact_email', kind: 'text' },
  { key: 'business_scope', kind: 'textarea' },
  { key: 'above_scale', kind: 'bool' },
]

export const MONEY_FIGURES = ['operating_revenue', 'rd_expense', 'profit', 'total_assets', 'export_revenue'] as const
export const COUNT_FIGURES = [
  'employees',
  'rd_staff',
  'invention_patents',
  'utility_patents',
  'design_patents',
  'software_copyrights',
] as const

/** A fact's value as a person reads it. */
export function factText(f: Pick<FactField, 'key' | 'value'>, subLabels: Record<string, string> = {}): string {
  const v = f.value
  if (v === null || v === undefined || v === '') return '—'
  if (typeof v === 'boolean') return v ? '是' : '否'
  if (Array.isArray(v)) return v.length ? v.map((x) => subLabels[String(x)] ?? String(x)).join('、') : '—'
  if ((MONEY_FIGURES as readonly string[]).includes(f.key) || f.key === 'registered_capital') return `${money(v as string)} 万元`
  return String(v)
}

/** Edited basic values → PATCH body: only changed keys; money as a Decimal string; '' clears to null. */
export function basicPayload(model: Record<string, unknown>, original: Record<string, unknown>): ProfileUpdateIn {
  const body: Record<string, unknown> = {}
  for (const { key, kind } of BASIC_EDITABLE) {
    const value = model[key]
    if (JSON.stringify(value ?? null) === JSON.stringify(original[key] ?? null)) continue
    if (key === 'contact_phone' && (value === '' || value === original[key])) continue // masked: untouched
    if (kind === 'money') body[key] = decimalString(value)
    else if (kind === 'subs') body[key] = Array.isArray(value) ? value : []
    else if (kind === 'bool') body[key] = value === true || value === false ? value : null
    else body[key] = value === '' ? null : value
  }
  return body as ProfileUpdateIn
}

/** Edited yearly figures → PUT body: money as Decimal strings, counts as integers, blanks as null. */
export function figurePayload(model: Record<string, unknown>): FigureIn {
  const body: Record<string, unknown> = {}
  for (const k of MONEY_FIGURES) body[k] = decimalString(model[k])
  for (const k of COUNT_FIGURES) {
    const v = model[k]
    body[k] = v === '' || v === null || v === undefined ? null : Math.trunc(Number(v))
  }
  return body as FigureIn
}
