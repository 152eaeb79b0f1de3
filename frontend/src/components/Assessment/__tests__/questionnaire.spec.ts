import { describe, expect, it } from 'vitest'

import { buildTabs, checkEvidence, computeProgress, evidenceValue, parseBand, SCENARIO_TAB, tabOf, toggleMulti } from '../questionnaire'
import { MF02, MF04, MR03, QUESTIONNAIRE } from './fixture'

describe('toggleMulti (exclusive 无)', () => {
  it('ticking 无 clears the other options', () => {
    expect(toggleMulti(MF04, ['B', 'C'], 'A', true)).toEqual(['A'])
  })
  it('ticking another option clears 无', () => {
    expect(toggleMulti(MF04, ['A'], 'C', true)).toEqual(['C'])
  })
  it('keeps the definition order and unticks', () => {
    expect(toggleMulti(MF04, ['D'], 'B', true)).toEqual(['B', 'D'])
    expect(toggleMulti(MF04, ['B', 'D'], 'B', false)).toEqual(['D'])
  })
  it('ignores unknown codes', () => {
    expect(toggleMulti(MF04, ['B'], 'Z', true)).toEqual(['B'])
  })
})

describe('computeProgress', () => {
  it('counts questions and scenarios; a scenario at level 0 is answered; an empty multi is not', () => {
    const p = computeProgress(QUESTIONNAIRE, { 'MF-02': 'A', 'MF-04': [] }, { S01: 0 })
    expect(p.total).toBe(5)
    expect(p.answered).toBe(2)
    expect(p.percent).toBe(40)
    expect(p.missing.map((m) => m.ref)).toEqual(['MF-04', 'MR-03', 'S02'])
    expect(p.missing[2]).toMatchObject({ kind: 'scenario', tab: SCENARIO_TAB })
    expect(p.missing[1]).toMatchObject({ kind: 'question', tab: 'results', message: 'MR-03 市场表现：尚未作答' })
  })
  it('is complete when everything is answered', () => {
    const p = computeProgress(QUESTIONNAIRE, { 'MF-02': 'A', 'MF-04': ['A'], 'MR-03': 'C' }, { S01: 1, S02: 0 })
    expect(p).toMatchObject({ answered: 5, total: 5, percent: 100, missing: [] })
  })
})

describe('tabs', () => {
  it('one tab per dimension and the scenario dimension last', () => {
    const tabs = buildTabs(QUESTIONNAIRE)
    expect(tabs.map((t) => t.key)).toEqual(['foundation', 'results', SCENARIO_TAB])
    expect(tabs[0]!.sections.map((s) => s.title)).toEqual(['设备系统', '数据采集'])
    expect(tabOf(QUESTIONNAIRE, 'MF-04')).toBe('foundation')
    expect(tabOf(QUESTIONNAIRE, 'S02')).toBe(SCENARIO_TAB)
    expect(tabOf(QUESTIONNAIRE, 'nope')).toBeNull()
  })
})

describe('parseBand', () => {
  it('reads the option texts as published', () => {
    expect(parseBand('[0-10%]')).toEqual({ low: 0, lowInclusive: true, high: 10, highInclusive: true })
    expect(parseBand('(10%,20%]')).toEqual({ low: 10, lowInclusive: false, high: 20, highInclusive: true })
    expect(parseBand('增加')).toBeNull()
  })
})

describe('checkEvidence', () => {
  const ev = (production: number | string, digital: number | string) => ({ production_equipment: production, digital_equipment: digital })

  it('points to the band and agrees with the ticked option', () => {
    const c = checkEvidence(MF02, ev(100, 30), 'C')
    expect(c).toMatchObject({ status: 'computed', consistent: true })
    expect(c!.option!.code).toBe('C')
    expect(c!.message).toContain('设备数字化率为 30%')
  })
  it('puts every boundary in the right band', () => {
    expect(checkEvidence(MF02, ev(100, 10), null)!.option!.code).toBe('A')
    expect(checkEvidence(MF02, ev(100, 20), null)!.option!.code).toBe('B')
    expect(checkEvidence(MF02, ev(3, 0.3), null)!.option!.code).toBe('A') // 10% exactly, despite 0.3/3 in floats
    expect(checkEvidence(MF02, ev(100, 60.0001), null)!.option!.code).toBe('E')
  })
  it('warns when the ticked option contradicts the figures', () => {
    const c = checkEvidence(MF02, ev(100, 90), 'A')
    expect(c).toMatchObject({ consistent: false })
    expect(c!.message).toContain('与所选选项 A（[0-10%]） 不一致')
  })
  it('is incomplete, undefined or out of range', () => {
    expect(checkEvidence(MF02, { production_equipment: 10 }, 'A')!.status).toBe('incomplete')
    expect(checkEvidence(MF02, ev(0, 0), 'A')!.status).toBe('undefined')
    expect(checkEvidence(MF02, ev(100, 101), 'A')!.status).toBe('out_of_range')
  })
  it('compares two years for change questions', () => {
    const figures = { employees_last_year: 10, revenue_last_year: 1100, employees_prev_year: 10, revenue_prev_year: 1000 }
    expect(checkEvidence(MR03, figures, 'C')).toMatchObject({ consistent: true })
    expect(checkEvidence(MR03, { ...figures, revenue_last_year: 1000 }, 'C')!.option!.code).toBe('B')
    expect(checkEvidence(MR03, { ...figures, revenue_last_year: 900 }, 'C')).toMatchObject({ consistent: false })
  })
  it('shows nothing for questions without a rule', () => {
    expect(checkEvidence(MF04, {}, null)).toBeNull()
  })
})

describe('evidenceValue', () => {
  it('keeps the text as typed; empty clears', () => {
    expect(evidenceValue(' 12.50 ')).toBe('12.50')
    expect(evidenceValue('')).toBeNull()
    expect(evidenceValue(3)).toBe('3')
  })
})
