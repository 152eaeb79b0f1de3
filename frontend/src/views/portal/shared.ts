/** Display helpers shared by the public portal and the content pages (pure, tested in __tests__). */
import type { SearchKind } from '@/api/portal'

/**
 * Labels of the dictionary `pilot_sub_industry` (data/reference-dicts.yaml). Public pages cannot
 * read dictionaries (the dictionary API needs a login), so the reference values are mirrored here;
 * back-office pages load the live dictionary and fall back to these.
 */
export const SUB_INDUSTRY_LABELS: Record<string, string> = {
  lifting_equipment: '起重装备',
  medical_devices: '高端医疗器械及卫材',
  auto_parts: '汽车零部件',
  new_chemicals: '新型化工',
}

export function subIndustryLabel(value: string | null | undefined, labels: Record<string, string> = SUB_INDUSTRY_LABELS): string {
  if (!value) return '不限'
  return labels[value] ?? value
}

export const CATEGORY_LABELS: Record<string, string> = {
  policy: '政策',
  news: '新闻',
  supply_demand: '供需对接',
  scenario_need: '场景需求',
}

export function categoryLabel(value: string, labels: Record<string, string> = CATEGORY_LABELS): string {
  return labels[value] ?? value
}

export const OUTCOME_LABELS: Record<string, string> = {
  matched: '已对接成功',
  not_matched: '未达成合作',
  cancelled: '已取消',
}

export const MATCH_REASON_LABELS: Record<string, string> = {
  scenario: '场景匹配',
  sub_industry: '细分行业匹配',
  any_industry: '适用各行业',
}

export const LEVEL_LABELS = ['', '一级', '二级', '三级', '四级']

/** 1 → "一级"; null → "—". */
export function levelLabel(level: number | null | undefined): string {
  if (level === null || level === undefined) return '—'
  return LEVEL_LABELS[level] ?? `${level}级`
}

function yuan(value: string | number): string {
  const n = Number(value)
  if (!Number.isFinite(n)) return String(value)
  if (n >= 10000) return `${(n / 10000).toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 万元`
  return `${n.toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 元`
}

/** Budget range → "10 万元 – 30 万元", "30 万元以内", "10 万元以上", "面议". */
export function budgetText(min: string | number | null | undefined, max: string | number | null | undefined): string {
  const hasMin = min !== null && min !== undefined && min !== ''
  const hasMax = max !== null && max !== undefined && max !== ''
  if (hasMin && hasMax) return `${yuan(min)} – ${yuan(max)}`
  if (hasMax) return `${yuan(max)}以内`
  if (hasMin) return `${yuan(min)}以上`
  return '面议'
}

export function moneyText(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—'
  return yuan(value)
}

/** Where a search hit opens on the portal. */
export function hitPath(kind: SearchKind | string, id: number): string {
  const base: Record<string, string> = {
    announcement: '/portal/announcements',
    case: '/portal/cases',
    need: '/portal/needs',
    offer: '/portal/offers',
    product: '/portal/products',
  }
  return `${base[kind] ?? '/portal'}/${id}`
}

/** Pinned items first, otherwise the server's order (stable). */
export function pinnedFirst<T extends { pinned: boolean }>(items: T[]): T[] {
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => Number(b.item.pinned) - Number(a.item.pinned) || a.i - b.i)
    .map(({ item }) => item)
}

/** Query value from the route (first of an array), or undefined when empty. */
export function queryString(value: unknown): string | undefined {
  const v = Array.isArray(value) ? value[0] : value
  return typeof v === 'string' && v !== '' ? v : undefined
}

/** Positive page number from the route, default 1. */
export function queryPage(value: unknown): number {
  const n = Number(queryString(value))
  return Number.isInteger(n) && n > 0 ? n : 1
}

/** Drops empty values so the URL only carries the filters in use. */
export function cleanQuery(query: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(query)) {
    if (v === null || v === undefined || v === '') continue
    if (k === 'page' && Number(v) === 1) continue
    out[k] = String(v)
  }
  return out
}

interface TreeNode {
  code: string
  name: string
  children?: TreeNode[] | null
}

/** Region tree → options for a native <select>, indented by depth ("　红旗区"). */
export function flattenRegions(nodes: readonly TreeNode[], depth = 0, maxDepth = 2): { value: string; label: string }[] {
  const out: { value: string; label: string }[] = []
  for (const n of nodes) {
    out.push({ value: n.code, label: `${'　'.repeat(depth)}${n.name}` })
    if (n.children?.length && depth + 1 < maxDepth) out.push(...flattenRegions(n.children, depth + 1, maxDepth))
  }
  return out
}

/** The organizations a user acts for under a role ("enterprise_user" → their enterprises), without duplicates. */
export function orgsOfRole(
  roles: readonly { role_code: string; org?: { id: number; name: string } | null }[] | undefined,
  roleCode: string,
): { id: number; name: string }[] {
  const seen = new Map<number, { id: number; name: string }>()
  for (const r of roles ?? []) if (r.role_code === roleCode && r.org && !seen.has(r.org.id)) seen.set(r.org.id, { id: r.org.id, name: r.org.name })
  return [...seen.values()]
}
