import { describe, expect, it } from 'vitest'

import { componentsChart, ratingYears } from '../data'

describe('rating helpers', () => {
  it('builds one bar per component with the dimension names', () => {
    const opt = componentsChart({ components: { projects: '80.00', complaints: '95' } }) as {
      yAxis: { data: string[] }
      series: { data: number[] }[]
    }
    expect(opt.yAxis.data).toEqual(['承接项目数量与质量', '投诉情况'])
    expect(opt.series[0].data).toEqual([80, 95])
  })

  it('offers the years the back end accepts', () => {
    expect(ratingYears(new Date(2026, 5, 1))).toEqual([2026, 2025, 2024, 2023, 2022, 2021])
    expect(ratingYears(new Date(2021, 5, 1))).toEqual([2021, 2020])
  })
})
