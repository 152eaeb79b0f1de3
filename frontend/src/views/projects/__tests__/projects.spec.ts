import { afterEach, describe, expect, it, vi } from 'vitest'

import { actionsFor, assessmentLabel, localToday, marksTotal, may, partyOf, scoreMarks, searchSchema, stepsOf, sumAmounts } from '../data'
import { acceptancePayload, comparisonRows } from '../modules/acceptance'
import { createPayload } from '../modules/create'

describe('project parties and actions', () => {
  const p = { enterprise_id: 10, provider_id: 20 }

  it('finds the party from the role organizations', () => {
    expect(partyOf([10], p)).toBe('enterprise')
    expect(partyOf([3, 20], p)).toBe('provider')
    expect(partyOf([3], p)).toBeNull()
  })

  it('shows header buttons only for what the server lists in my_actions', () => {
    expect(actionsFor(['decline', 'confirm']).map((a) => a.action)).toEqual(['confirm', 'decline'])
    expect(actionsFor(['cancel', 'sign_contract']).map((a) => a.action)).toEqual(['cancel'])
    expect(actionsFor([])).toEqual([])
    expect(actionsFor(['confirm_report', 'return_report']).map((a) => a.note ?? '')).toEqual(['', '修改意见'])
    // non-header codes (report, filing, contract, scoring) are handled by their own cards
    expect(actionsFor(['submit_report', 'submit_filing', 'score_acceptance', 'rate_provider'])).toEqual([])
  })

  it('checks my_actions codes', () => {
    expect(may(['sign_contract'], 'sign_contract')).toBe(true)
    expect(may(['resubmit_filing'], 'submit_filing', 'resubmit_filing')).toBe(true)
    expect(may([], 'rate_provider')).toBe(false)
    expect(may(undefined, 'rate_provider')).toBe(false)
  })
})

describe('list search form', () => {
  it('adds 细分行业 and provider filters once their options are loaded', () => {
    expect(searchSchema([], []).map((f) => f.field)).toEqual(['q', 'kind', 'status', 'region', 'overdue'])
    const fields = searchSchema([{ label: '智造科技', value: 7 }], [{ label: '汽车零部件', value: 'auto_parts' }])
    expect(fields.map((f) => f.field)).toEqual(['q', 'kind', 'status', 'region', 'sub_industry', 'provider_id', 'overdue'])
    expect(fields.find((f) => f.field === 'provider_id')?.options).toEqual([{ label: '智造科技', value: 7 }])
  })
})

describe('assessment picker and expert marks', () => {
  it('labels an assessment by source, level, score and date', () => {
    const a = { id: 4, source_label: '企业自评', level: 2, total_score: '61.50', submitted_at: '2026-03-01T10:00:00+08:00' }
    expect(assessmentLabel(a)).toBe('#4 企业自评 · 2 级 · 61.50 分 · 2026-03-01')
    expect(assessmentLabel({ ...a, level: null, total_score: null, submitted_at: null })).toBe('#4 企业自评 · 未定级 · — · —')
  })

  it('checks every mark against the sheet', () => {
    const items = [
      { key: 'a', name: '应用成效', max_score: '60.00' },
      { key: 'b', name: '数据贯通', max_score: '40.00' },
    ]
    expect(scoreMarks(items, { a: '50.5', b: 30 })).toEqual({ a: '50.5', b: '30' })
    expect(scoreMarks(items, { a: '50' })).toBe('请为“数据贯通”打分')
    expect(scoreMarks(items, { a: '61', b: '1' })).toMatch(/0 至 60.00/)
    expect(scoreMarks(items, { a: '1.234', b: '1' })).toMatch(/两位小数/)
    expect(marksTotal({ a: '50.55', b: '30.1', c: undefined })).toBe('80.65')
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
      before_assessment_id: undefined as number | undefined,
      after_assessment_id: 3,
      after_onsite_id: undefined,
    }
    expect(acceptancePayload(m)).toMatchObject({ stated_benefit: '120000', before_assessment_id: null, after_assessment_id: 3, after_onsite_id: null })
    expect(acceptancePayload({ ...m, data_integration: ' ' })).toBe('请填写数据贯通程度')
    // the before-assessment (for projects not started from a diagnosis, or to correct it) is sent along
    expect(acceptancePayload({ ...m, before_assessment_id: 2 })).toMatchObject({ before_assessment_id: 2, after_assessment_id: 3 })
    expect(acceptancePayload({ ...m, before_assessment_id: 3 })).toBe('改造前评估与改造后评测不能是同一份评测')
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

describe('localToday', () => {
  afterEach(() => vi.useRealTimers())

  it('is the Beijing calendar date, also between 00:00 and 08:00 when UTC is still on the day before', () => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2026-11-26T01:30:00+08:00'))
    expect(new Date().toISOString().slice(0, 10)).toBe('2026-11-25') // the old, wrong way
    expect(localToday()).toBe('2026-11-26')
    vi.setSystemTime(new Date('2026-11-26T23:59:59+08:00'))
    expect(localToday()).toBe('2026-11-26')
    vi.setSystemTime(new Date('2026-12-31T16:00:00Z'))
    expect(localToday()).toBe('2027-01-01')
  })
})
