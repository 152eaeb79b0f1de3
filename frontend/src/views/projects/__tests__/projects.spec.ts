import { describe, expect, it } from 'vitest'

import { actionsFor, partyOf, stepsOf, sumAmounts } from '../data'
import { acceptancePayload, comparisonRows } from '../modules/acceptance'
import { createPayload } from '../modules/create'

describe('project parties and actions', () => {
  const p = { enterprise_id: 10, provider_id: 20 }

  it('finds the party from the role organizations', () => {
    expect(partyOf([10], p)).toBe('enterprise')
    expect(partyOf([3, 20], p)).toBe('provider')
    expect(partyOf([3], p)).toBeNull()
  })

  it('shows only the actions the status allows and the party takes', () => {
    const allowed = ['cancel', 'confirm', 'decline']
    expect(actionsFor(allowed, 'provider').map((a) => a.action)).toEqual(['confirm', 'decline'])
    expect(actionsFor(allowed, 'enterprise').map((a) => a.action)).toEqual(['cancel'])
    expect(actionsFor(allowed, null)).toEqual([])
    expect(actionsFor(['confirm_report', 'return_report'], 'enterprise').map((a) => a.note ?? '')).toEqual(['', '修改意见'])
    expect(actionsFor(['submit_report'], 'provider')).toEqual([])
  })
})

describe('stepsOf', () => {
  it('places the status in the step bar of its kind', () => {
    expect(stepsOf('diagnosis', 'diagnosing')).toMatchObject({ active: 3, failed: false, finished: false })
    expect(stepsOf('diagnosis', 'done')).toMatchObject({ active: 6, finished: true })
    expect(stepsOf('transformation', 'filing_returned').active).toBe(3)
    expect(stepsOf('transformation', 'acceptance_rejected')).toMatchObject({ active: 5, failed: true })
    expect(stepsOf('transformation', 'pending_provider').titles).toHaveLength(7)
  })
})

describe('form payloads', () => {
  const base = { kind: 'diagnosis', provider_id: 5, title: ' 诊断 ', amount: '80000.5', requirement: ' x ', diagnosis_id: '' }

  it('maps the new project form', () => {
    expect(createPayload(base)).toEqual({ kind: 'diagnosis', provider_id: 5, title: '诊断', amount: '80000.5', requirement: 'x' })
    expect(createPayload({ ...base, kind: 'transformation', diagnosis_id: '7' })).toMatchObject({ diagnosis_id: 7 })
    expect(createPayload({ ...base, provider_id: null })).toBe('请选择服务商')
    expect(createPayload({ ...base, amount: '1.234' })).toMatch(/两位小数/)
  })

  it('maps the acceptance form', () => {
    const m = {
      effectiveness: '效率提升',
      data_integration: '贯通',
      management_reform: '改革',
      stated_benefit: '120000',
      after_assessment_id: 3,
      after_onsite_id: undefined,
    }
    expect(acceptancePayload(m)).toMatchObject({ stated_benefit: '120000', after_assessment_id: 3, after_onsite_id: null })
    expect(acceptancePayload({ ...m, data_integration: ' ' })).toBe('请填写数据贯通程度')
  })
})

describe('comparisonRows', () => {
  it('lists total, dimensions and indicators', () => {
    const rows = comparisonRows({
      total: { a: '50', b: '62', delta: '12' },
      dimensions: [{ id: 'd', name: '数字化基础', a: '20', b: '25', delta: '5' }],
      indicators: [{ id: 'i', indicator: '设备联网', a: '1', b: '3', delta: '2' }],
    })
    expect(rows?.rows.map((r) => r.name)).toEqual(['总分', '【维度】数字化基础', '设备联网'])
    expect(comparisonRows({ error: '指标体系不同' })).toEqual({ error: '指标体系不同', rows: [] })
    expect(comparisonRows(null)).toBeNull()
  })

  it('sums decimal amounts without float drift', () => {
    expect(sumAmounts(['0.1', '0.2', 3])).toBe('3.30')
  })
})
