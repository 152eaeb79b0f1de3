import type { Rating } from '@/api/providers'
import type { ChartOption } from '@/components/EChart.vue'
import type { SearchField, TableColumn } from '@/components/SearchTable/types'

/**
 * The rating dimensions of the current scheme (backend/smedt/providers/data/rating-scheme.yaml,
 * version xinxiang-2026-draft). The API has no endpoint for the scheme, so the keys are mirrored here
 * for the entry form; a rating's own components (from the server) are what the table and chart show.
 */
export const DIMENSIONS: { key: string; name: string; weight: number }[] = [
  { key: 'projects', name: '承接项目数量与质量', weight: 20 },
  { key: 'on_time', name: '里程碑按期完成率', weight: 20 },
  { key: 'acceptance', name: '一次验收通过率', weight: 20 },
  { key: 'satisfaction', name: '企业满意度', weight: 20 },
  { key: 'complaints', name: '投诉情况', weight: 10 },
  { key: 'government', name: '主管部门与专家评价', weight: 10 },
]

export function dimensionName(key: string): string {
  return DIMENSIONS.find((d) => d.key === key)?.name ?? key
}

export function searchSchema(years: number[]): SearchField[] {
  return [{ field: 'year', label: '年度', type: 'select', options: years.map((y) => ({ label: `${y} 年`, value: y })), width: 120 }]
}

export const columns: TableColumn<Rating>[] = [
  { prop: 'org_name', label: '服务商', minWidth: 200 },
  { prop: 'year', label: '年度', width: 80, align: 'center' },
  { prop: 'total', label: '综合得分', width: 100, align: 'right', formatter: (r) => Number(r.total).toFixed(2) },
  { prop: 'grade', label: '等级', width: 90, align: 'center' },
  { prop: 'scheme_version', label: '评级方案版本', width: 160 },
  { prop: 'note', label: '说明', minWidth: 160 },
]

/** Recent years a rating may be entered for (the back end accepts 2020 … this year). */
export function ratingYears(now: Date = new Date()): number[] {
  const y = now.getFullYear()
  return Array.from({ length: Math.min(6, y - 2019) }, (_, i) => y - i)
}

/** Horizontal bars: one per dimension, 0–100. */
export function componentsChart(r: Pick<Rating, 'components'>): ChartOption {
  const entries = Object.entries(r.components)
  return {
    grid: { left: 150, right: 30, top: 10, bottom: 24 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', min: 0, max: 100 },
    yAxis: { type: 'category', data: entries.map(([k]) => dimensionName(k)), inverse: true },
    series: [{ type: 'bar', data: entries.map(([, v]) => Number(v)), barMaxWidth: 18, label: { show: true, position: 'right' } }],
  }
}
