import { describe, expect, it } from 'vitest'

import { providerAppForm, providerAppPayload, scoreItems } from '../data'

describe('provider selection forms', () => {
  it('parses one score item per line with its maximum', () => {
    expect(scoreItems('技术能力 40\n案例：30\n\n服务保障')).toEqual([
      { key: 'i1', name: '技术能力', max_score: '40.00' },
      { key: 'i2', name: '案例', max_score: '30.00' },
      { key: 'i3', name: '服务保障', max_score: '0.00' },
    ])
  })

  it('drops blank cases and attachment slots', () => {
    const m = providerAppForm()
    m.provider_type = 'integrator'
    m.past_cases = [
      { name: ' MES 项目 ', customer: '甲公司', year: '2025', summary: '' },
      { name: '', customer: '', year: '', summary: '' },
    ]
    m.attachments = ['f1', '']
    const body = providerAppPayload(m)
    expect(body.past_cases).toEqual([{ name: 'MES 项目', customer: '甲公司', year: '2025', summary: '' }])
    expect(body.attachments).toEqual(['f1'])
  })
})
