import { describe, expect, it } from 'vitest'

import type { ScorecardDimension } from '@/api/providerRatings'

import { draftFrom, evidenceText, ratingYears, schemeProblems, scorecardChart, scoreText, weightShares } from '../data'

const dim = (over: Partial<ScorecardDimension>): ScorecardDimension => ({
  key: 'on_time',
  name: '里程碑按期完成率',
  source: 'on_time',
  source_label: '',
  weight: '20',
  effective_weight: '25',
  score: '83.33',
  evidence: { done_on_time: 5, total: 6 },
  ...over,
})

describe('scorecard helpers', () => {
  it('shows 无数据 for a dimension without data, never 0', () => {
    expect(scoreText(dim({ score: null }))).toBe('无数据')
    expect(scoreText(dim({}))).toBe('83.33')
    const opt = scorecardChart([dim({}), dim({ key: 'government', name: '主管部门评价', score: null })]) as {
      yAxis: { data: string[] }
      series: { data: (number | null)[] }[]
    }
    expect(opt.yAxis.data).toEqual(['里程碑按期完成率', '主管部门评价'])
    expect(opt.series[0].data).toEqual([83.33, null])
  })

  it('explains the evidence of each source', () => {
    expect(evidenceText(dim({}))).toBe('按期完成 5 个 / 已到期 6 个里程碑')
    expect(evidenceText(dim({ source: 'projects', evidence: { count: 3, full_marks_at: 5 } }))).toContain('签约项目 3 个')
    expect(evidenceText(dim({ source: 'satisfaction', evidence: { count: 0 }, score: null }))).toBe('本年度无企业评价')
    expect(evidenceText(dim({ source: 'manual', evidence: {}, score: null }))).toBe('市级尚未录入')
  })

  it('renormalises weight shares like the back end', () => {
    expect(weightShares([20, 20, 10])).toEqual([40, 40, 20])
    expect(weightShares([1, 0])).toEqual([100, 0])
  })

  it('checks a scheme draft before saving', () => {
    const draft = draftFrom(null)
    expect(schemeProblems(draft)).toContain('请填写方案版本号')
    draft.version = 'v2'
    draft.dimensions = [
      { key: 'a', name: '甲', weight: 1, source: 'manual', params: {} },
      { key: 'a', name: '乙', weight: 0, source: 'manual', params: {} },
    ]
    draft.grades = [{ grade: '合格', min: 60 }]
    const problems = schemeProblems(draft)
    expect(problems).toContain('维度编码不能重复')
    expect(problems).toContain('“乙”的权重应大于 0')
    expect(problems).toContain('最低一档等级的最低分应为 0')
  })

  it('offers the years the back end accepts', () => {
    expect(ratingYears(new Date(2026, 5, 1))).toEqual([2026, 2025, 2024, 2023, 2022, 2021])
    expect(ratingYears(new Date(2021, 5, 1))).toEqual([2021, 2020])
  })
})
