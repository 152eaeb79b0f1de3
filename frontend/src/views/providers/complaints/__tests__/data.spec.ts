import { describe, expect, it } from 'vitest'

import { projectsWith, searchSchema } from '../data'

describe('complaint helpers', () => {
  it('offers only the projects with the chosen provider', () => {
    const options = {
      providers: [
        { id: 1, name: '甲' },
        { id: 2, name: '乙' },
      ],
      projects: [
        { id: 10, title: '诊断', provider_id: 1 },
        { id: 11, title: '改造', provider_id: 2 },
      ],
    }
    expect(projectsWith(options, 1).map((p) => p.id)).toEqual([10])
    expect(projectsWith(options, null)).toEqual([])
  })

  it('filters by keyword, status and year', () => {
    expect(searchSchema(new Date(2026, 0, 1)).map((f) => f.field)).toEqual(['q', 'status', 'year'])
  })
})
