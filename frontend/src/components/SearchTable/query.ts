import type { QueryValue } from '@/api/http'
import type { ListQuery } from '@/api/types'

import type { SearchField } from './types'

export type FilterModel = Record<string, unknown>

/** Empty form model for a search schema. */
export function emptyFilters(schema: readonly SearchField[], initial: FilterModel = {}): FilterModel {
  const model: FilterModel = {}
  for (const f of schema) model[f.field] = f.type === 'date-range' ? [] : undefined
  return { ...model, ...initial }
}

/**
 * Search form values → query parameters: text is trimmed, empty values dropped, a date
 * range becomes two parameters (date_from / date_to by default).
 */
export function buildFilters(schema: readonly SearchField[], model: FilterModel): Record<string, QueryValue> {
  const out: Record<string, QueryValue> = {}
  for (const f of schema) {
    const value = model[f.field]
    if (f.type === 'date-range') {
      const [fromKey, toKey] = f.rangeFields ?? ['date_from', 'date_to']
      if (Array.isArray(value) && value.length === 2 && value[0] && value[1]) {
        out[fromKey] = String(value[0])
        out[toKey] = String(value[1])
      }
      continue
    }
    if (value === undefined || value === null) continue
    if (typeof value === 'string') {
      const text = value.trim()
      if (text) out[f.field] = text
      continue
    }
    if (typeof value === 'number' || typeof value === 'boolean') out[f.field] = value
  }
  return out
}

/** Filters + page + ordering → the list endpoint's query. */
export function buildListQuery(
  filters: Record<string, QueryValue>,
  page: number,
  pageSize: number,
  ordering: string | null,
): ListQuery {
  const query: ListQuery = { ...filters, page, page_size: pageSize }
  if (ordering) query.ordering = ordering
  return query
}

/** el-table sort-change → `field` / `-field` / null. */
export function orderingFrom(prop: string | null | undefined, order: 'ascending' | 'descending' | null | undefined): string | null {
  if (!prop || !order) return null
  return order === 'descending' ? `-${prop}` : prop
}

/** Rows deeper than this are reached by keyset cursor, not OFFSET (the server's MAX_OFFSET). */
export const MAX_OFFSET = 100_000

/**
 * The cursor to send for `page`: only beyond the offset cap, and only when the page before it
 * was loaded (its next_cursor is known); otherwise null (an ordinary page number).
 */
export function cursorFor(page: number, pageSize: number, known: ReadonlyMap<number, string>): string | null {
  if ((page - 1) * pageSize < MAX_OFFSET) return null
  return known.get(page) ?? null
}
