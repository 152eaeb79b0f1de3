import { describe, expect, it } from 'vitest'

import { fromPublicRow, kindFromQuery, objectionProblem, objectionPrompt, periodText } from '../data'

describe('portal publicity rows', () => {
  it('shows pilot and provider notices alike: one row shape, the public fields the server sends', () => {
    const pilot = fromPublicRow('pilot', {
      id: 3,
      org_name: '甲企业',
      credit_code: '91410702MA0000001X',
      kind: 'pilot',
      region_name: '红旗区',
      batch_name: '2026 试点',
      public_fields: [{ label: '申报细分行业', value: '汽车零部件' }],
      publicity_starts_at: '2026-11-26T00:00:00+08:00',
      publicity_ends_at: '2026-12-01T00:00:00+08:00',
      decided_at: null,
    })
    const provider = fromPublicRow('provider', {
      id: 4,
      org_name: '乙服务商',
      credit_code: '91410771MA0000002Y',
      kind: 'provider',
      region_name: '高新区',
      batch_name: '2026 服务商',
      public_fields: [
        { label: '服务商类型', value: '综合集成型' },
        { label: '服务细分行业', value: '' },
      ],
      publicity_starts_at: null,
      publicity_ends_at: null,
      decided_at: null,
    })
    expect(pilot).toMatchObject({ kind: 'pilot', region_name: '红旗区', credit_code: '91410702MA0000001X' })
    expect(pilot.fields).toEqual([{ label: '申报细分行业', value: '汽车零部件' }])
    expect(provider).toMatchObject({ kind: 'provider', region_name: '高新区', publicity_ends_at: null })
    expect(provider.fields).toEqual([
      { label: '服务商类型', value: '综合集成型' },
      { label: '服务细分行业', value: '—' },
    ])
    expect(provider.objection_how).toContain('提出异议')
  })

  it('shows the publicity period, or only its end when the start is unknown', () => {
    expect(periodText({ publicity_starts_at: '2026-11-26T02:00:00Z', publicity_ends_at: '2026-12-01T02:00:00Z' })).toMatch(
      /^2026-11-26 .+ 至 2026-12-01 /,
    )
    expect(periodText({ publicity_starts_at: null, publicity_ends_at: '2026-12-01T02:00:00Z' })).toMatch(/^至 2026-12-01/)
  })

  it('names what the objection is against', () => {
    const item = fromPublicRow('provider', {
      id: 1,
      org_name: '乙',
      credit_code: '',
      kind: 'provider',
      region_name: '',
      batch_name: '',
      public_fields: [],
      publicity_starts_at: null,
      publicity_ends_at: null,
      decided_at: null,
    })
    expect(item.fields).toEqual([])
    expect(objectionPrompt(item)).toContain('“乙”入选服务商库')
    expect(objectionPrompt({ ...item, kind: 'pilot' })).toContain('入选试点企业')
  })

  it('checks an objection before sending it, like the server does', () => {
    expect(objectionProblem('   ')).toBe('请填写异议内容')
    expect(objectionProblem('太短了')).toBe('异议内容至少 5 个字')
    expect(objectionProblem('  材料不实请核查  ')).toBe('')
    expect(objectionProblem('字'.repeat(2001))).toContain('不能超过')
  })

  it('reads the tab from the URL', () => {
    expect(kindFromQuery('provider')).toBe('provider')
    expect(kindFromQuery(['provider'])).toBe('provider')
    expect(kindFromQuery(undefined)).toBe('pilot')
    expect(kindFromQuery('anything')).toBe('pilot')
  })
})
