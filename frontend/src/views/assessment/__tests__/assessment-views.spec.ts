import { describe, expect, it } from 'vitest'

import type { AnalysisOut, AssessmentCompareOut, AssessmentResult, Distance } from '@/api/assessment'
import { dimensionAverageRadar, groupStackedBars, levelPie, resultRadar, scenarioLevelBars, trendLines } from '@/components/Assessment/charts'

import { bucketQuery } from '../analysis/data'
import { changedFirst, compareOrder, deltaText, trendOf } from '../history/data'
import { distanceActions, groupRows, traceGroups } from '../result/data'

const distance: Distance = {
  current_level: 1,
  current_level_name: '一级',
  target_level: 2,
  target_level_name: '二级',
  rule: null,
  score_gap: '10',
  score_plan: [
    { id: 'MF-02', indicator: '设备数字化', from_options: ['A'], from_score: '0', to_options: ['E'], to_score: '6', gain: '6' },
    { id: 'MF-04', indicator: '数据采集', from_options: [], from_score: '0', to_options: ['B', 'C'], to_score: '1.4', gain: '1.4' },
  ],
  headroom: [],
  scenes_short: 1,
  constraint_scenes_short: 1,
  scenario_plan: [{ id: 'S01', name: '产品设计', constraint: true, from_level: 1, to_level: 2, to_description: '应用信息化系统开展产品设计' }],
  summary: '距二级：…',
}

const result = {
  id: 1,
  org: { id: 1, name: '企业' },
  submitted_at: '2026-01-01T00:00:00Z',
  indicator_set: '2024-manufacturing',
  version: '2024.1',
  total: '30',
  total_max: '100',
  dimensions: [
    {
      id: 'foundation',
      name: '数字化基础',
      score: '20',
      max_score: '50',
      groups: [
        { id: 'g1', name: '设备系统', score: '6', max_score: '12', indicators: [] },
        { id: 'g2', name: '数据采集', score: '14', max_score: '38', indicators: [] },
      ],
    },
    { id: 'results', name: '数字化成效', score: '10', max_score: '20', groups: [{ id: 'g3', name: '绿色低碳', score: '10', max_score: '20', indicators: [] }] },
  ],
  scenarios: [],
  scenario_counts: [
    { level: 2, name: '二级', exactly: 3, exactly_constraint: 1, exactly_guidance: 2, at_or_above: 3, at_or_above_constraint: 1, at_or_above_guidance: 2 },
    { level: 1, name: '一级', exactly: 5, exactly_constraint: 4, exactly_guidance: 1, at_or_above: 8, at_or_above_constraint: 5, at_or_above_guidance: 3 },
  ],
  rule_checks: [],
  level: 1,
  level_name: '一级',
  warnings: [],
  trace: [
    { step: 'indicator', ref: 'MF-01', message: 'a', points: '1' },
    { step: 'scenario', ref: 'S01', message: 'b', points: null },
    { step: 'level', ref: 'level-1', message: 'c', points: null },
  ],
  distance_to_next_level: distance,
} as AssessmentResult

describe('result page view models', () => {
  it('turns the distance into concrete actions', () => {
    const actions = distanceActions(distance, (lv) => ['未达到一级', '一级', '二级'][lv]!)
    expect(actions.map((a) => a.text)).toEqual([
      'MF-02 设备数字化：由 0 分提高到 6 分（+6 分）',
      'MF-04 数据采集：由 0 分提高到 1.4 分（+1.4 分）',
      'S01 产品设计（约束性）：由一级提升到二级',
    ])
    expect(actions[1]!.detail).toBe('所选选项 无 → B、C')
    expect(actions[2]!.detail).toBe('应用信息化系统开展产品设计')
  })
  it('merges the dimension cell over its groups', () => {
    expect(groupRows(result).map((r) => r.span)).toEqual([2, 0, 1])
  })
  it('groups the trace', () => {
    expect(traceGroups(result.trace).map((g) => g.steps.length)).toEqual([1, 1, 1])
  })
})

describe('charts', () => {
  it('radar of dimensions against their max', () => {
    const opt = resultRadar(result) as { radar: { indicator: Array<{ max: number }> }; series: Array<{ data: Array<{ value: number[] }> }> }
    expect(opt.radar.indicator.map((i) => i.max)).toEqual([50, 20])
    expect(opt.series[0]!.data[0]!.value).toEqual([20, 10])
  })
  it('scenario bars stack 约束性 and 指导性, lowest level first', () => {
    const opt = scenarioLevelBars(result) as { xAxis: { data: string[] }; series: Array<{ data: number[] }> }
    expect(opt.xAxis.data).toEqual(['一级', '二级'])
    expect(opt.series[0]!.data).toEqual([4, 1])
    expect(opt.series[1]!.data).toEqual([1, 2])
  })

  const summary = {
    indicator_sets: [],
    source_rule: '',
    total: 3,
    onsite: 0,
    average_total: '55',
    at_or_above_level: 2,
    at_or_above_name: '二级',
    at_or_above_count: 2,
    at_or_above_share: '66.7',
    levels: [
      { level: 0, name: '未达一级', count: 0, share: '0' },
      { level: 1, name: '一级', count: 1, share: '33.3' },
      { level: 2, name: '二级', count: 2, share: '66.7' },
    ],
    dimensions: [{ id: 'foundation', name: '数字化基础', max_score: '50', average: null }],
    by_county: [
      {
        key: '410702',
        name: '红旗区',
        total: 2,
        at_or_above: 1,
        at_or_above_share: '50',
        levels: [
          { level: 1, name: '一级', count: 1, share: '50' },
          { level: 2, name: '二级', count: 1, share: '50' },
        ],
      },
    ],
    by_division: [],
    by_size: [],
    trend: [{ month: '2026-01', count: 3, average_total: null, at_or_above_count: 2, at_or_above_share: '66.7' }],
  } as unknown as AnalysisOut

  it('analysis charts', () => {
    const pie = levelPie(summary) as { series: Array<{ data: Array<{ name: string; value: number }> }> }
    expect(pie.series[0]!.data.map((d) => d.value)).toEqual([0, 1, 2])
    const bars = groupStackedBars(summary.by_county) as { xAxis: { data: string[] }; series: Array<{ name: string; data: number[] }> }
    expect(bars.xAxis.data).toEqual(['红旗区'])
    expect(bars.series.map((s) => [s.name, s.data[0]])).toEqual([
      ['一级', 1],
      ['二级', 1],
    ])
    expect(groupStackedBars([]).series).toEqual([])
    const radar = dimensionAverageRadar(summary) as { series: Array<{ data: Array<{ value: number[] }> }> }
    expect(radar.series[0]!.data[0]!.value).toEqual([0])
    const trend = trendLines(summary) as { series: Array<{ data: Array<number | null> }> }
    expect(trend.series[1]!.data).toEqual([66.7])
    expect(trend.series[2]!.data).toEqual([null])
  })
  it('drill-down queries', () => {
    expect(bucketQuery('level', 0)).toEqual({ level: 0 })
    expect(bucketQuery('region', '410702')).toEqual({ region_code: '410702' })
    expect(bucketQuery('at_or_above', 2)).toEqual({ min_level: 2 })
    expect(bucketQuery('month', '2026-01')).toEqual({ month: '2026-01' })
  })
})

describe('history compare', () => {
  it('orders the pair oldest first', () => {
    const a = { id: 1, submitted_at: '2026-03-01T00:00:00Z' }
    const b = { id: 2, submitted_at: '2025-03-01T00:00:00Z' }
    expect(compareOrder([a, b])!.map((r) => r.id)).toEqual([2, 1])
    expect(compareOrder([a])).toBeNull()
  })
  it('marks deltas up and down', () => {
    expect(trendOf('1.5')).toBe('up')
    expect(trendOf('-3')).toBe('down')
    expect(trendOf('0')).toBe('same')
    expect(trendOf(null)).toBe('none')
    expect(deltaText('1.5')).toBe('+1.5')
    expect(deltaText('-3')).toBe('-3')
    expect(deltaText(null)).toBe('—')
  })
  it('lists the biggest changes first', () => {
    const cmp = {
      indicators: [
        { id: 'a', indicator: 'A', a: '1', b: '1', delta: '0' },
        { id: 'b', indicator: 'B', a: '1', b: '0', delta: '-1' },
        { id: 'c', indicator: 'C', a: '0', b: '3', delta: '3' },
      ],
    } as AssessmentCompareOut
    expect(changedFirst(cmp).map((i) => i.id)).toEqual(['c', 'b', 'a'])
  })
})
