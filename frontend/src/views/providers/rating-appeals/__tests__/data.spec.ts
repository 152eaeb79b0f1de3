import { describe, expect, it } from 'vitest'

import { correctedScores, SCORE_MESSAGE, scoreInput, searchSchema, typedScores } from '../data'

describe('appeal helpers', () => {
  it('sends only the manual scores the city typed', () => {
    expect(correctedScores({ government: 88, expert: undefined })).toEqual({ government: '88' })
    expect(correctedScores({ government: '88.5', expert: '' })).toEqual({ government: '88.5' })
    expect(correctedScores({ government: null })).toBeNull()
  })

  it('refuses a corrected score that is not one', () => {
    expect(() => correctedScores({ government: '100.01' })).toThrow(SCORE_MESSAGE)
  })

  it('filters by status and rating year', () => {
    const [status, year] = searchSchema(new Date(2026, 0, 1))
    expect(status.options?.map((o) => o.value)).toEqual(['open', 'upheld', 'dismissed'])
    expect(year.options?.[0]).toEqual({ label: '2026 年', value: 2026 })
  })
})

describe('typed scores keep the decimal the user typed', () => {
  it('keeps valid scores exactly as typed, never via a binary float', () => {
    expect(scoreInput('89.99')).toBe('89.99')
    expect(scoreInput(' 0.1 ')).toBe('0.1')
    expect(scoreInput('100')).toBe('100')
    expect(scoreInput('100.00')).toBe('100.00')
    expect(scoreInput('0')).toBe('0')
    expect(scoreInput('70.35')).toBe('70.35') // Number('70.35').toFixed(1) would be '70.3'
  })

  it('rejects more than two decimals, out of range and non-numbers', () => {
    for (const bad of ['89.995', '100.01', '101', '1000', '-1', '1e2', '８８', 'abc', '.5', '5.', '1,5']) {
      expect(scoreInput(bad), bad).toBeNull()
    }
  })

  it('treats an empty box as not entered', () => {
    expect(scoreInput('')).toBe('')
    expect(scoreInput('  ')).toBe('')
    expect(scoreInput(undefined)).toBe('')
  })

  it('collects what to send and what to correct, per dimension', () => {
    expect(typedScores({ government: '89.5', expert: '', peer: '89.995' })).toEqual({
      components: { government: '89.5' },
      errors: { peer: SCORE_MESSAGE },
    })
  })
})
