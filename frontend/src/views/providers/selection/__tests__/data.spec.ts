import { describe, expect, it } from 'vitest'

import { allowedAmong } from '@/components/Registries/actions'

import { APP_ACTION_LABELS, APP_ACTIONS, appActionConfirm, providerAppForm, providerAppPayload, publicityColumns, scoreItems } from '../data'

describe('provider selection forms', () => {
  it('parses one score item per line with its maximum', () => {
    expect(scoreItems('技术能力 40\n案例：30\n\n服务保障')).toEqual([
      { key: 'i1', name: '技术能力', max_score: '40' },
      { key: 'i2', name: '案例', max_score: '30' },
      { key: 'i3', name: '服务保障', max_score: '0' },
    ])
  })

  it('sends each maximum exactly as typed (the server rounds it to the cent)', () => {
    // Number('33.335').toFixed(2) is '33.33' and Number('1.005').toFixed(2) '1.00': no binary float on the way
    expect(scoreItems('方案 33.335\n服务 1.005\n保障 100\n其他 0.1').map((i) => i.max_score)).toEqual(['33.335', '1.005', '100', '0.1'])
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

describe('provider application actions', () => {
  it('shows the server-allowed actions in button order, each labelled', () => {
    const row = { allowed_actions: ['withdraw', 'resubmit', 'edit'] }
    expect(allowedAmong(row, APP_ACTIONS)).toEqual(['edit', 'resubmit', 'withdraw'])
    expect(APP_ACTIONS.every((a) => APP_ACTION_LABELS[a])).toBe(true)
  })

  it('asks before one-click actions and names the provider on entry to the pool', () => {
    expect(appActionConfirm('finalize', '甲服务商')).toContain('“甲服务商”')
    expect(appActionConfirm('withdraw', '甲')).toContain('撤回')
    expect(appActionConfirm('edit', '甲')).toBe('')
  })

  it('shows the publicity row with dictionary labels', () => {
    const cols = publicityColumns({ integrator: '系统集成商' }, { auto_parts: '汽车零部件' })
    const row = {
      id: 1,
      org_name: '甲',
      region_name: '高新区',
      batch_name: '2026 批次',
      provider_type: 'integrator',
      sub_industries: ['auto_parts', 'other'],
      publicity_ends_at: null,
      credit_code: '91410771MA0000001X',
      provider_type_label: '综合集成型',
      sub_industry_labels: ['汽车零部件', 'other'],
      publicity_starts_at: null,
      objection_how: '',
    }
    const cell = (prop: string) => cols.find((c) => c.prop === prop)?.formatter?.(row)
    expect(cell('provider_type')).toBe('系统集成商')
    expect(cell('sub_industries')).toBe('汽车零部件、other')
  })
})
