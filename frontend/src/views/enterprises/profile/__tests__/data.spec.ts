import { describe, expect, it } from 'vitest'

import { basicPayload, factText, figurePayload } from '../data'

describe('profile payloads', () => {
  it('sends only changed basic fields, money as strings, the masked phone left alone', () => {
    const original = { registered_capital: '500.00', contact_phone: '138****0000', legal_representative: '张三', sub_industries: ['a'] }
    const model = { ...original, registered_capital: '800', legal_representative: '', contact_phone: '138****0000' }
    expect(basicPayload(model, original)).toEqual({ registered_capital: '800.00', legal_representative: null })
  })

  it('maps yearly figures', () => {
    const body = figurePayload({ operating_revenue: '1234.5', employees: '56', rd_staff: '' })
    expect(body.operating_revenue).toBe('1234.50')
    expect(body.employees).toBe(56)
    expect(body.rd_staff).toBeNull()
    expect(body.profit).toBeNull()
  })

  it('reads values', () => {
    expect(factText({ key: 'operating_revenue', value: '1200' })).toBe('1,200.00 万元')
    expect(factText({ key: 'sub_industries', value: ['auto_parts'] }, { auto_parts: '汽车零部件' })).toBe('汽车零部件')
    expect(factText({ key: 'employees', value: null })).toBe('—')
  })
})
