import { describe, expect, it } from 'vitest'

import { decimalString, money } from '@/components/Registries/labels'

import { productForm, productPayload } from '../data'

describe('product form → payload', () => {
  it('sends Decimal values as strings with two places', () => {
    const m = { ...productForm(), name: ' 云 MES ', list_price: '68,000', pilot_discount_pct: '20', subsidy_share_pct: '' }
    const body = productPayload(m)
    expect(body.name).toBe('云 MES')
    expect(body.list_price).toBe('68000.00')
    expect(body.pilot_discount_pct).toBe('20.00')
    expect(body.subsidy_share_pct).toBe('0.00')
    expect(body.xkqz).toEqual({ small: '', fast: '', light: '', precise: '' })
  })

  it('passes text that is not a number through for the server to reject', () => {
    expect(decimalString('abc')).toBe('abc')
    expect(decimalString('  ')).toBeNull()
  })

  it('formats money for reading', () => {
    expect(money('68000')).toBe('68,000.00')
    expect(money(null)).toBe('—')
  })
})
