/** Chart options of the results dashboard and the big screen (pure: data in, ECharts option out). */
import type { BarSeriesOption, FunnelSeriesOption, LineSeriesOption, MapSeriesOption, PieSeriesOption } from 'echarts/charts'
import type {
  GeoComponentOption,
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  TitleComponentOption,
  TooltipComponentOption,
  VisualMapComponentOption,
} from 'echarts/components'
import type { ComposeOption } from 'echarts/core'

import type { Funnel, Kpi, PilotLevels, Pilots, ProjectsStage, ProjectsTrend } from '@/api/insights'

export type InsightsChartOption = ComposeOption<
  | BarSeriesOption
  | FunnelSeriesOption
  | LineSeriesOption
  | MapSeriesOption
  | PieSeriesOption
  | GeoComponentOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | TitleComponentOption
  | TooltipComponentOption
  | VisualMapComponentOption
>

export interface Theme {
  text: string
  axis: string
  palette: string[]
}

export const LIGHT: Theme = {
  text: '#303133',
  axis: '#909399',
  palette: ['#409eff', '#67c23a', '#e6a23c', '#f56c6c', '#909399', '#36cfc9', '#9254de', '#2f8f4e'],
}
export const DARK: Theme = {
  text: '#d6e4ff',
  axis: '#6b84b0',
  palette: ['#3ba1ff', '#4ecb73', '#fbd437', '#f2637b', '#975fe5', '#36cbcb', '#e8684a', '#a0d911'],
}

/** The dashboard stages in path order (closed last). */
export const STAGE_ORDER = ['diagnosis', 'filing', 'implementation', 'acceptance', 'accepted', 'closed'] as const

function axes(t: Theme) {
  return {
    axisLabel: { color: t.axis },
    axisLine: { lineStyle: { color: t.axis } },
    splitLine: { lineStyle: { color: t.axis, opacity: 0.2 } },
  }
}

export function stageBars(data: ProjectsStage, t: Theme = LIGHT): InsightsChartOption {
  return {
    color: t.palette,
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 12, top: 16, bottom: 28 },
    xAxis: { type: 'category', data: data.stages.map((s) => s.label), ...axes(t) },
    yAxis: { type: 'value', minInterval: 1, ...axes(t) },
    series: [{ type: 'bar', name: '项目数', data: data.stages.map((s) => s.count), barMaxWidth: 36, label: { show: true, position: 'top', color: t.text } }],
  }
}

/** Counties (rows) × stages (stacked). Series name = stage label, category = county name. */
export function countyStageBars(data: ProjectsStage, labels: Record<string, string>, t: Theme = LIGHT): InsightsChartOption {
  const counties = data.counties
  return {
    color: t.palette,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { type: 'scroll', bottom: 0, textStyle: { color: t.text } },
    grid: { left: 90, right: 16, top: 8, bottom: 48 },
    xAxis: { type: 'value', minInterval: 1, ...axes(t) },
    yAxis: { type: 'category', data: counties.map((c) => c.name), ...axes(t) },
    series: STAGE_ORDER.map((s) => ({
      type: 'bar' as const,
      stack: 'n',
      barMaxWidth: 22,
      name: labels[s] ?? s,
      data: counties.map((c) => c.by_stage[s] ?? 0),
    })),
  }
}

export function trendLines(data: ProjectsTrend, t: Theme = LIGHT): InsightsChartOption {
  return {
    color: t.palette,
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, textStyle: { color: t.text } },
    grid: { left: 36, right: 12, top: 16, bottom: 40 },
    xAxis: { type: 'category', data: data.months.map((m) => m.month), ...axes(t) },
    yAxis: { type: 'value', minInterval: 1, ...axes(t) },
    series: [
      { type: 'line', name: '咨询诊断', data: data.months.map((m) => m.diagnosis), smooth: true },
      { type: 'line', name: '数字化改造', data: data.months.map((m) => m.transformation), smooth: true },
    ],
  }
}

export function industryPie(items: Array<{ label: string; count: number }>, t: Theme = LIGHT): InsightsChartOption {
  return {
    color: t.palette,
    tooltip: { trigger: 'item', formatter: '{b}：{c} 家（{d}%）' },
    legend: { bottom: 0, textStyle: { color: t.text } },
    series: [{ type: 'pie', radius: ['35%', '62%'], center: ['50%', '45%'], data: items.map((i) => ({ name: i.label, value: i.count })), label: { color: t.text } }],
  }
}

export function countyBars(data: Pilots, t: Theme = LIGHT): InsightsChartOption {
  return {
    color: t.palette,
    tooltip: { trigger: 'axis' },
    grid: { left: 36, right: 12, top: 16, bottom: 48 },
    xAxis: { type: 'category', data: data.counties.map((c) => c.name), axisLabel: { color: t.axis, rotate: 30 } },
    yAxis: { type: 'value', minInterval: 1, ...axes(t) },
    series: [{ type: 'bar', name: '试点企业', data: data.counties.map((c) => c.count), barMaxWidth: 28 }],
  }
}

export function levelBeforeAfter(data: PilotLevels, t: Theme = LIGHT): InsightsChartOption {
  return {
    color: t.palette,
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, textStyle: { color: t.text } },
    grid: { left: 36, right: 12, top: 16, bottom: 40 },
    xAxis: { type: 'category', data: data.levels.map((l) => l.label), ...axes(t) },
    yAxis: { type: 'value', minInterval: 1, ...axes(t) },
    series: [
      { type: 'bar', name: '改造前', data: data.levels.map((l) => l.before) },
      { type: 'bar', name: '改造后', data: data.levels.map((l) => l.after) },
    ],
  }
}

export function funnelChart(data: Funnel, t: Theme = LIGHT): InsightsChartOption {
  return {
    color: t.palette,
    tooltip: { trigger: 'item', formatter: '{b}：{c} 家' },
    series: [
      {
        type: 'funnel',
        sort: 'none',
        left: '8%',
        width: '84%',
        minSize: '36%',
        maxSize: '100%',
        gap: 2,
        label: { show: true, position: 'inside', formatter: '{b}  {c} 家', color: '#fff', fontSize: 13 },
        data: data.steps.map((s) => ({ name: s.label, value: s.count })),
      },
    ],
  }
}

/** Share of 规上 enterprises at the target level per 细分行业 against the target line. */
export function kpiBars(data: Kpi, t: Theme = LIGHT): InsightsChartOption {
  const target = Number(data.target_share)
  return {
    color: t.palette,
    tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? '暂无' : `${String(v)}%`) },
    grid: { left: 40, right: 40, top: 24, bottom: 28 },
    xAxis: { type: 'category', data: data.industries.map((i) => i.label), ...axes(t) },
    yAxis: { type: 'value', max: 100, axisLabel: { color: t.axis, formatter: '{value}%' }, splitLine: { lineStyle: { color: t.axis, opacity: 0.2 } } },
    series: [
      {
        type: 'bar',
        name: `规上企业${data.target_level_label}及以上占比`,
        barMaxWidth: 36,
        // no 规上 enterprise recorded in a 细分行业: no bar and 暂无, never 0 %
        data: data.industries.map((i) => ({
          value: i.above_share === null ? '-' : Number(i.above_share),
          itemStyle: { color: i.met ? '#67c23a' : '#f56c6c' },
          label: { show: true, position: 'top' as const, color: t.text, formatter: i.above_share === null ? '暂无' : `${i.above_share}%` },
        })),
        markLine: { symbol: 'none', data: [{ yAxis: target, name: '目标' }], label: { formatter: `目标 ${target}%`, color: t.text }, lineStyle: { color: '#e6a23c', type: 'dashed' } },
      },
    ],
  }
}

/** The county map coloured by the number of pilot enterprises. */
export function countyMap(mapName: string, data: Pilots, names: Record<string, string>, t: Theme = DARK): InsightsChartOption {
  const byCode = Object.fromEntries(data.counties.map((c) => [c.code, c.count]))
  const values = Object.entries(names).map(([featureName, code]) => ({ name: featureName, value: byCode[code] ?? 0, code }))
  const max = Math.max(1, ...values.map((v) => v.value))
  return {
    tooltip: { trigger: 'item', formatter: '{b}：试点企业 {c} 家' },
    visualMap: {
      min: 0,
      max,
      left: 16,
      bottom: 16,
      text: ['多', '少'],
      calculable: false,
      inRange: { color: ['#12315e', '#1f6fd1', '#3ba1ff', '#7fd1ff'] },
      textStyle: { color: t.text },
    },
    series: [
      {
        type: 'map',
        map: mapName,
        roam: false,
        label: { show: true, color: t.text, fontSize: 12 },
        itemStyle: { borderColor: '#7fd1ff', borderWidth: 1, areaColor: '#12315e' },
        emphasis: { label: { color: '#fff' }, itemStyle: { areaColor: '#fbd437' } },
        data: values,
      },
    ],
  }
}
