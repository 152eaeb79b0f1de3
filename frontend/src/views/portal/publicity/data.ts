/** 公示: the notices of the engine's selection kinds (试点企业, 服务商), one row shape, shown alike on the portal. Pure. */
import type { PublicRow } from '@/api/providerPublicity'
import { formatDateTime } from '@/utils/format'

export type PublicityKind = 'pilot' | 'provider'
export const KINDS: readonly PublicityKind[] = ['pilot', 'provider']

export const KIND_TITLES: Record<PublicityKind, string> = {
  pilot: '试点企业入选公示',
  provider: '服务商入库公示',
}

/** Shown when the list is empty (the server sends the text with every row). */
export const OBJECTION_HOW_FALLBACK =
  '公示期内，任何单位或个人对公示对象有异议的，可登录平台在本页点击“提出异议”，如实陈述理由并可附证明材料；市级主管部门将核实处理，并将处理结果反馈异议人。'

export const MIN_OBJECTION = 5
export const MAX_OBJECTION = 2000

/** One row of a notice, in the shape the page shows. */
export interface PublicityItem {
  kind: PublicityKind
  id: number
  org_name: string
  credit_code: string
  region_name: string
  batch_name: string
  /** The fields the template marks public (e.g. 服务商类型, 细分行业), labels and values as the server sends them. */
  fields: { label: string; value: string }[]
  publicity_starts_at: string | null
  publicity_ends_at: string | null
  objection_how: string
}

/** A submission on 公示 (application engine), of the notice `kind` it was listed under. */
export function fromPublicRow(kind: PublicityKind, p: PublicRow): PublicityItem {
  return {
    kind,
    id: p.id,
    org_name: p.org_name,
    credit_code: p.credit_code,
    region_name: p.region_name,
    batch_name: p.batch_name,
    fields: (p.public_fields ?? []).map((f) => ({ label: f.label, value: f.value || '—' })),
    publicity_starts_at: p.publicity_starts_at ?? null,
    publicity_ends_at: p.publicity_ends_at ?? null,
    objection_how: OBJECTION_HOW_FALLBACK,
  }
}

/** "2026-11-20 10:00:00 至 2026-11-25 10:00:00"; an unknown start shows only the end. */
export function periodText(item: Pick<PublicityItem, 'publicity_starts_at' | 'publicity_ends_at'>): string {
  const end = formatDateTime(item.publicity_ends_at)
  if (!item.publicity_starts_at) return `至 ${end}`
  return `${formatDateTime(item.publicity_starts_at)} 至 ${end}`
}

/** The message above the objection form. */
export function objectionPrompt(item: PublicityItem): string {
  const what = item.kind === 'pilot' ? '入选试点企业' : '入选服务商库'
  return `对“${item.org_name}”${what}提出异议，请如实陈述理由（至少 ${MIN_OBJECTION} 个字），市级主管部门将核实处理。`
}

/** What is wrong with an objection before it is sent ('' when it may be sent). */
export function objectionProblem(content: string): string {
  const text = content.trim()
  if (!text) return '请填写异议内容'
  if (text.length < MIN_OBJECTION) return `异议内容至少 ${MIN_OBJECTION} 个字`
  if (text.length > MAX_OBJECTION) return `异议内容不能超过 ${MAX_OBJECTION} 个字`
  return ''
}

/** The tab of the notice in the URL (?kind=provider); anything else is the pilot notice. */
export function kindFromQuery(value: unknown): PublicityKind {
  const v = Array.isArray(value) ? value[0] : value
  return v === 'provider' ? 'provider' : 'pilot'
}
