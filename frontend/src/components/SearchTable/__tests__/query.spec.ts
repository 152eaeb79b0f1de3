import { describe, expect, it } from 'vitest'

import { buildFilters, buildListQuery, cursorFor, emptyFilters, MAX_OFFSET, orderingFrom } from '../query'
import type { SearchField } from '../types'

const schema: SearchField[] = [
  { field: 'q', label: '关键字' },
  { field: 'is_active', label: '状态', type: 'select' },
  { field: 'region_code', label: '区划', type: 'region' },
  { field: 'date', label: '时间', type: 'date-range' },
  { field: 'period', label: '期间', type: 'date-range', rangeFields: ['start', 'end'] },
]

describe('search form → query', () => {
  it('starts empty', () => {
    expect(emptyFilters(schema)).toEqual({ q: undefined, is_active: undefined, region_code: undefined, date: [], period: [] })
  })

  it('trims text, keeps false, drops empties, splits date ranges', () => {
    const model = {
      q: '  新乡  ',
      is_active: false,
      region_code: '',
      date: ['2025-01-01', '2025-01-31'],
      period: ['2025-02-01', '2025-02-28'],
    }
    expect(buildFilters(schema, model)).toEqual({
      q: '新乡',
      is_active: false,
      date_from: '2025-01-01',
      date_to: '2025-01-31',
      start: '2025-02-01',
      end: '2025-02-28',
    })
  })

  it('ignores a half-filled range and whitespace-only text', () => {
    expect(buildFilters(schema, { q: '   ', date: ['2025-01-01'], period: null })).toEqual({})
  })

  it('adds page, page_size and ordering', () => {
    expect(buildListQuery({ q: 'a' }, 2, 50, '-created_at')).toEqual({ q: 'a', page: 2, page_size: 50, ordering: '-created_at' })
    expect(buildListQuery({}, 1, 20, null)).toEqual({ page: 1, page_size: 20 })
  })

  it('maps table sorting to ordering', () => {
    expect(orderingFrom('username', 'ascending')).toBe('username')
    expect(orderingFrom('last_login', 'descending')).toBe('-last_login')
    expect(orderingFrom('username', null)).toBeNull()
  })
})

describe('deep pages by keyset cursor', () => {
  const known = new Map([
    [3, 'c3'],
    [5001, 'c5001'],
    [5002, 'c5002'],
  ])

  it('uses page numbers within the offset cap, even when a cursor is known', () => {
    expect(cursorFor(3, 20, known)).toBeNull()
    expect(cursorFor(5000, 20, known)).toBeNull() // offset 99,980
  })

  it('sends the known cursor beyond the cap', () => {
    expect((5001 - 1) * 20).toBe(MAX_OFFSET)
    expect(cursorFor(5001, 20, known)).toBe('c5001')
    expect(cursorFor(5002, 20, known)).toBe('c5002')
  })

  it('has no cursor for a page jumped to beyond the cap (the server explains)', () => {
    expect(cursorFor(9000, 20, known)).toBeNull()
  })
})
