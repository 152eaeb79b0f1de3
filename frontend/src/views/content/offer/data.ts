import type { OfferCreateIn, OfferOut } from '@/api/portal'
import type { Option, SearchField, TableColumn } from '@/components/SearchTable/types'
import { formatDateTime } from '@/utils/format'

import { SD_STATUS } from '../need/data'

export function searchSchema(subIndustries: Option[], scenarios: Option[]): SearchField[] {
  return [
    { field: 'q', label: '标题', placeholder: '标题关键字' },
    { field: 'scenario', label: '场景', type: 'select', options: scenarios, width: 160 },
    { field: 'sub_industry', label: '细分行业', type: 'select', options: subIndustries, width: 160 },
    { field: 'status', label: '状态', type: 'select', options: SD_STATUS, width: 120 },
  ]
}

export function columns(subLabels: Record<string, string>): TableColumn<OfferOut>[] {
  return [
    { prop: 'title', label: '供给标题', minWidth: 220 },
    { prop: 'org_name', label: '服务商', minWidth: 180 },
    { prop: 'product_name', label: '关联产品', minWidth: 150, formatter: (r) => r.product_name || '—' },
    { prop: 'scenarios', label: '场景', minWidth: 160, formatter: (r) => r.scenarios.map((s) => s.name).join('、') },
    {
      prop: 'sub_industries',
      label: '细分行业',
      minWidth: 150,
      formatter: (r) => (r.sub_industries.length ? r.sub_industries.map((s) => subLabels[s] ?? s).join('、') : '不限'),
    },
    { prop: 'status', label: '状态', width: 100, align: 'center' },
    { prop: 'published_at', label: '发布时间', width: 170, sortable: true, formatter: (r) => formatDateTime(r.published_at) },
  ]
}

export function offerActions(status: string): string[] {
  if (status === 'draft') return ['edit', 'submit', 'close']
  if (status === 'in_review') return ['recall']
  if (status === 'published') return ['close']
  return []
}

export interface OfferModel {
  org_id: number | null
  title: string
  description: string
  scenario_codes: string[]
  sub_industries: string[]
  product_id: number | null
  product_name: string
}

export function emptyOffer(orgId: number | null): OfferModel {
  return { org_id: orgId, title: '', description: '', scenario_codes: [], sub_industries: [], product_id: null, product_name: '' }
}

export function offerModelFrom(o: OfferOut): OfferModel {
  return {
    org_id: o.org_id,
    title: o.title,
    description: o.description,
    scenario_codes: o.scenarios.map((s) => s.code),
    sub_industries: [...o.sub_industries],
    product_id: o.product_id,
    product_name: o.product_name,
  }
}

export function offerPayload(m: OfferModel): OfferCreateIn {
  return {
    org_id: m.org_id ?? 0,
    title: m.title.trim(),
    description: m.description.trim(),
    scenario_codes: m.scenario_codes,
    sub_industries: m.sub_industries,
    product_id: m.product_id || null,
    product_name: m.product_name.trim(),
  }
}

export function offerMissing(m: OfferModel): Record<string, string> {
  const out: Record<string, string> = {}
  if (!m.org_id) out.org_id = '请选择服务商'
  if (!m.title.trim()) out.title = '请输入供给标题'
  if (!m.description.trim()) out.description = '请填写供给说明'
  if (!m.scenario_codes.length) out.scenario_codes = '请选择场景'
  return out
}
