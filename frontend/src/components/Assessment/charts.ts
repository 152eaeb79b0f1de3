/** Chart options of the assessment pages (pure: data in, ECharts option out). */
import type { AnalysisGroupBucket, AnalysisOut, AssessmentResult } from '@/api/assessment'

import type { AssessmentChartOption } from './AssessmentChart.vue'

const LEVEL_COLORS: Record<number, string> = { 0: '#909399', 1: '#e6a23c', 2: '#409eff', 3: '#67c23a', 4: '#2f8f4e' }

export function levelColor(level: number): string {
  return LEVEL_COLORS[level] ?? '#909399'
}

/** Radar of the scored dimensions (score against max), optionally with a second series (average). */
export function dimensionRadar(
  dims: Array<{ name: string; score: number | null; max: number }>,
  seriesName = '得分',
  extra?: { name: string; values: Array<number | null> },
): AssessmentChartOption {
  const data = [{ name: seriesName, value: dims.map((d) => d.score ?? 0) }]
  if (extra) data.push({ name: extra.name, value: extra.values.map((v) => v ?? 0) })
  return {
    tooltip: {},
    legend: { bottom: 0, data: data.map((d) => d.name) },
    radar: { indicator: dims.map((d) => ({ name: `${d.name}（${d.max}）`, max: d.max })), radius: '62%' },
    series: [{ type: 'radar', data, areaStyle: { opacity: 0.15 } }],
  }
}

export function resultRadar(result: AssessmentResult): AssessmentChartOption {
  return dimensionRadar(result.dimensions.map((d) => ({ name: d.name, score: Number(d.score), max: Number(d.max_score) })))
}

/** Bar chart: number of scenarios rated at each level, 约束性 and 指导性 stacked. */
export function scenarioLevelBars(result: AssessmentResult): AssessmentChartOption {
  const counts = [...result.scenario_counts].sort((a, b) => a.level - b.level)
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 40, right: 16, top: 16, bottom: 48 },
    xAxis: { type: 'category', data: counts.map((c) => c.name) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '约束性场景', type: 'bar', stack: 'n', data: counts.map((c) => c.exactly_constraint), itemStyle: { color: '#f56c6c' } },
      { name: '指导性场景', type: 'bar', stack: 'n', data: counts.map((c) => c.exactly_guidance), itemStyle: { color: '#409eff' } },
    ],
  }
}

/** Pie of the level distribution. */
export function levelPie(summary: AnalysisOut): AssessmentChartOption {
  return {
    tooltip: { trigger: 'item', formatter: '{b}：{c} 家（{d}%）' },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['35%', '65%'],
        data: summary.levels.map((l) => ({ name: l.name, value: l.count, itemStyle: { color: levelColor(l.level) } })),
      },
    ],
  }
}

/** Stacked bars of levels per bucket (county, division, size); the x axis holds bucket names. */
export function groupStackedBars(buckets: AnalysisGroupBucket[]): AssessmentChartOption {
  const levels = buckets[0]?.levels.map((l) => ({ level: l.level, name: l.name })) ?? []
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 40, right: 16, top: 16, bottom: 64 },
    xAxis: { type: 'category', data: buckets.map((b) => b.name), axisLabel: { interval: 0, rotate: buckets.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: levels.map((l) => ({
      name: l.name,
      type: 'bar' as const,
      stack: 'levels',
      itemStyle: { color: levelColor(l.level) },
      data: buckets.map((b) => b.levels.find((x) => x.level === l.level)?.count ?? 0),
    })),
  }
}

/** Average score per dimension against the maximum. */
export function dimensionAverageRadar(summary: AnalysisOut): AssessmentChartOption {
  return dimensionRadar(
    summary.dimensions.map((d) => ({ name: d.name, score: d.average === null ? null : Number(d.average), max: Number(d.max_score) })),
    '平均得分',
  )
}

/** Monthly trend: count (bars) and the share at or above the headline level (line, %). */
export function trendLines(summary: AnalysisOut): AssessmentChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 48, right: 48, top: 24, bottom: 48 },
    xAxis: { type: 'category', data: summary.trend.map((t) => t.month) },
    yAxis: [
      { type: 'value', name: '家数', minInterval: 1 },
      { type: 'value', name: '占比 % / 分', max: 100 },
    ],
    series: [
      { name: '评测企业数', type: 'bar', data: summary.trend.map((t) => t.count) },
      {
        name: `${summary.at_or_above_name}及以上占比`,
        type: 'line',
        yAxisIndex: 1,
        data: summary.trend.map((t) => Number(t.at_or_above_share)),
      },
      { name: '平均总分', type: 'line', yAxisIndex: 1, data: summary.trend.map((t) => (t.average_total === null ? null : Number(t.average_total))) },
    ],
  }
}
