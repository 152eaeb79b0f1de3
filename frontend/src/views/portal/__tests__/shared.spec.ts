import { describe, expect, it } from 'vitest'

import {
  budgetText,
  cleanQuery,
  flattenRegions,
  hitPath,
  levelLabel,
  orgsOfRole,
  pinnedFirst,
  queryPage,
  queryString,
  subIndustryLabel,
} from '../shared'

describe('portal display helpers', () => {
  it('writes budget ranges in 万元', () => {
    expect(budgetText('100000.00', '300000.00')).toBe('10 万元 – 30 万元')
    expect(budgetText(null, '5000')).toBe('5,000 元以内')
    expect(budgetText('200000', null)).toBe('20 万元以上')
    expect(budgetText(null, null)).toBe('面议')
  })

  it('names levels and sub-industries', () => {
    expect(levelLabel(1)).toBe('一级')
    expect(levelLabel(4)).toBe('四级')
    expect(levelLabel(null)).toBe('—')
    expect(subIndustryLabel('auto_parts')).toBe('汽车零部件')
    expect(subIndustryLabel('')).toBe('不限')
    expect(subIndustryLabel('unknown_code')).toBe('unknown_code')
  })

  it('puts pinned items first and keeps the server order otherwise', () => {
    const items = [
      { id: 1, pinned: false },
      { id: 2, pinned: true },
      { id: 3, pinned: false },
      { id: 4, pinned: true },
    ]
    expect(pinnedFirst(items).map((i) => i.id)).toEqual([2, 4, 1, 3])
  })

  it('links search hits to their detail pages', () => {
    expect(hitPath('announcement', 5)).toBe('/portal/announcements/5')
    expect(hitPath('case', 2)).toBe('/portal/cases/2')
    expect(hitPath('need', 7)).toBe('/portal/needs/7')
    expect(hitPath('offer', 1)).toBe('/portal/offers/1')
    expect(hitPath('product', 3)).toBe('/portal/products/3')
  })

  it('reads and writes list state in the URL', () => {
    expect(queryString(['a', 'b'])).toBe('a')
    expect(queryString('')).toBeUndefined()
    expect(queryPage('3')).toBe(3)
    expect(queryPage('-1')).toBe(1)
    expect(queryPage(undefined)).toBe(1)
    expect(cleanQuery({ category: 'policy', q: '', region_code: null, page: 1 })).toEqual({ category: 'policy' })
    expect(cleanQuery({ page: 2 })).toEqual({ page: '2' })
  })

  it('flattens the region tree for a native select', () => {
    const tree = [{ code: '410700', name: '新乡市', children: [{ code: '410702', name: '红旗区', children: [{ code: 'x', name: '街道' }] }] }]
    expect(flattenRegions(tree)).toEqual([
      { value: '410700', label: '新乡市' },
      { value: '410702', label: '　红旗区' },
    ])
  })

  it('finds the organizations a user acts for under a role', () => {
    const roles = [
      { role_code: 'provider_user', org: { id: 3, name: '智造' } },
      { role_code: 'provider_user', org: { id: 3, name: '智造' } },
      { role_code: 'enterprise_user', org: { id: 9, name: '华瑞' } },
      { role_code: 'county_officer', org: null },
    ]
    expect(orgsOfRole(roles, 'provider_user')).toEqual([{ id: 3, name: '智造' }])
    expect(orgsOfRole(undefined, 'provider_user')).toEqual([])
  })
})
