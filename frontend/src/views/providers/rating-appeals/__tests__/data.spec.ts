import { describe, expect, it } from 'vitest'

import { correctedScores, searchSchema } from '../data'

describe('appeal helpers', () => {
  it('sends only the manual scores the city typed', () => {
    expect(correctedScores({ government: 88, expert: undefined })).toEqual({ government: '88.00' })
    expect(correctedScores({ government: null })).toBeNull()
  })

  it('filters by status and rating year', () => {
    const [status, year] = searchSchema(new Date(2026, 0, 1))
    expect(status.options?.map((o) => o.value)).toEqual(['open', 'upheld', 'dismissed'])
    expect(year.options?.[0]).toEqual({ label: '2026 年', value: 2026 })
  })
})
