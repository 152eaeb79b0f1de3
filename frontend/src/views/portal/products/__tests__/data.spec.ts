import { describe, expect, it } from 'vitest'

import { pctText, productPath, xkqzRows } from '../data'

describe('public product detail helpers', () => {
  it('lists the filled 小快轻准 attributes in their fixed order', () => {
    const rows = xkqzRows({ precise: '聚焦关键工序', small: '按模块订阅', fast: '  ', light: '' })
    expect(rows.map((r) => r.key)).toEqual(['small', 'precise'])
    expect(rows[0]).toMatchObject({ label: '小（投入小）', text: '按模块订阅' })
    expect(xkqzRows(null)).toEqual([])
  })

  it('shows percentages without trailing zeros and hides zero', () => {
    expect(pctText('12.50')).toBe('12.5%')
    expect(pctText('50.00')).toBe('50%')
    expect(pctText('0.00')).toBe('')
    expect(pctText(null)).toBe('')
  })

  it('links to the detail page', () => {
    expect(productPath(7)).toBe('/portal/products/7')
  })
})
