import type { CaseCreateIn, CaseDetailOut, CaseOut, PortalFileRef } from '@/api/portal'
import type { Option, SearchField, TableColumn } from '@/components/SearchTable/types'
import { formatDateTime } from '@/utils/format'
import { levelLabel, moneyText } from '@/views/portal/shared'

import { CONTENT_STATUS_OPTIONS, decimalOrNull } from '../shared'

export const CASE_STATUS = CONTENT_STATUS_OPTIONS.filter((o) => ['draft', 'published', 'withdrawn'].includes(o.value))
export const LEVEL_OPTIONS: Option<number>[] = [1, 2, 3, 4].map((n) => ({ value: n, label: levelLabel(n) }))

export function searchSchema(subIndustries: Option[], scenarios: Option[]): SearchField[] {
  return [
    { field: 'q', label: '标题', placeholder: '标题 / 企业' },
    { field: 'sub_industry', label: '细分行业', type: 'select', options: subIndustries, width: 160 },
    { field: 'scenario', label: '场景', type: 'select', options: scenarios, width: 160 },
    { field: 'status', label: '状态', type: 'select', options: CASE_STATUS, width: 120 },
    { field: 'region_code', label: '区域', type: 'region' },
  ]
}

export function columns(subLabels: Record<string, string>): TableColumn<CaseOut>[] {
  return [
    { prop: 'title', label: '标题', minWidth: 240 },
    { prop: 'enterprise_name', label: '企业', minWidth: 180 },
    { prop: 'sub_industry', label: '细分行业', width: 130, formatter: (r) => subLabels[r.sub_industry] ?? (r.sub_industry || '—') },
    { prop: 'level', label: '水平变化', width: 120, formatter: (r) => `${levelLabel(r.level_before)} → ${levelLabel(r.level_after)}` },
    { prop: 'investment', label: '投入', width: 120, sortable: true, formatter: (r) => moneyText(r.investment) },
    { prop: 'region', label: '区域', width: 100, formatter: (r) => r.region.name },
    { prop: 'status', label: '状态', width: 90, align: 'center' },
    { prop: 'published_at', label: '发布时间', width: 170, sortable: true, formatter: (r) => formatDateTime(r.published_at) },
  ]
}

export function caseActions(status: string): string[] {
  if (status === 'draft') return ['edit', 'consent', 'publish']
  if (status === 'published') return ['withdraw']
  if (status === 'withdrawn') return ['edit', 'redraft']
  return []
}

export interface EfficiencyRow {
  name: string
  before: string
  after: string
  unit: string
}

export interface CaseModel {
  title: string
  region_code: string | null
  summary: string
  enterprise_name: string
  sub_industry: string
  scenario_codes: string[]
  provider_name: string
  product_name: string
  investment: string
  level_before: number | null
  level_after: number | null
  efficiency: EfficiencyRow[]
  story: string
  cover: PortalFileRef[]
  images: PortalFileRef[]
}

export function emptyCase(region: string | null): CaseModel {
  return {
    title: '',
    region_code: region,
    summary: '',
    enterprise_name: '',
    sub_industry: '',
    scenario_codes: [],
    provider_name: '',
    product_name: '',
    investment: '',
    level_before: null,
    level_after: null,
    efficiency: [],
    story: '',
    cover: [],
    images: [],
  }
}

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v))

export function caseModelFrom(c: CaseDetailOut): CaseModel {
  return {
    title: c.title,
    region_code: c.region.code,
    summary: c.summary,
    enterprise_name: c.enterprise_name,
    sub_industry: c.sub_industry,
    scenario_codes: c.scenarios.map((s) => s.code),
    provider_name: c.provider_name,
    product_name: c.product_name,
    investment: text(c.investment),
    level_before: c.level_before,
    level_after: c.level_after,
    efficiency: c.efficiency.map((e) => ({ name: e.name, before: text(e.before), after: text(e.after), unit: e.unit })),
    story: c.story,
    cover: c.cover ? [c.cover] : [],
    images: [...c.images],
  }
}

/** Form model → create body (update takes the same fields minus region). Blank efficiency rows are dropped. */
export function casePayload(m: CaseModel): CaseCreateIn {
  return {
    title: m.title.trim(),
    region_code: m.region_code ?? '',
    summary: m.summary.trim(),
    enterprise_name: m.enterprise_name.trim(),
    sub_industry: m.sub_industry,
    scenario_codes: m.scenario_codes,
    provider_name: m.provider_name.trim(),
    product_name: m.product_name.trim(),
    investment: decimalOrNull(m.investment),
    level_before: m.level_before,
    level_after: m.level_after,
    efficiency: m.efficiency
      .filter((e) => e.name.trim())
      .map((e) => ({ name: e.name.trim(), before: decimalOrNull(e.before), after: decimalOrNull(e.after), unit: e.unit.trim() })),
    story: m.story,
    cover_id: m.cover[0]?.id ?? null,
    image_ids: m.images.map((f) => f.id),
  }
}

export function caseMissing(m: CaseModel): Record<string, string> {
  const out: Record<string, string> = {}
  if (!m.title.trim()) out.title = '请输入标题'
  if (!m.region_code) out.region_code = '请选择区域'
  if (m.level_before && m.level_after && m.level_after < m.level_before) out.level_after = '改造后水平不应低于改造前'
  m.efficiency.forEach((e, i) => {
    if (!e.name.trim() && (e.before || e.after)) out[`efficiency.${i}.name`] = '请填写指标名称'
    for (const k of ['before', 'after'] as const) {
      if (e[k] && !Number.isFinite(Number(e[k]))) out[`efficiency.${i}.${k}`] = '请输入数字'
    }
  })
  return out
}
