/** Helpers shared by the content-management pages (pure; tested in __tests__). */
import type { Option } from '@/components/SearchTable/types'

export const CONTENT_STATUS_OPTIONS: Option<string>[] = [
  { label: '草稿', value: 'draft' },
  { label: '审核中', value: 'in_review' },
  { label: '待发布', value: 'scheduled' },
  { label: '已发布', value: 'published' },
  { label: '已撤下', value: 'withdrawn' },
  { label: '已关闭', value: 'closed' },
]

/** Tag colours of content statuses (StatusTag :types). */
export const CONTENT_STATUS_TYPES: Record<string, 'primary' | 'success' | 'warning' | 'danger' | 'info'> = {
  draft: 'info',
  in_review: 'warning',
  scheduled: 'primary',
  published: 'success',
  withdrawn: 'danger',
  closed: 'info',
}

/** The region a government user publishes for: the first region-scoped role's region. */
export function defaultRegion(roles: readonly { region?: { code: string } | null }[] | undefined): string | null {
  return roles?.find((r) => r.region?.code)?.region?.code ?? null
}

/** "a, b，c" → ["a", "b", "c"] (tags typed as text). */
export function splitTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,，、;；\s]+/)
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ]
}

/** Empty input → null; otherwise the trimmed text (Decimal fields accept strings). */
export function decimalOrNull(value: unknown): string | null {
  if (value === null || value === undefined) return null
  const text = String(value).trim()
  return text === '' ? null : text
}

/** Date → ISO string (server stores timezone-aware times); empty → null. */
export function isoOrNull(value: Date | string | null | undefined): string | null {
  if (!value) return null
  const d = value instanceof Date ? value : new Date(value)
  return Number.isNaN(d.getTime()) ? null : d.toISOString()
}
