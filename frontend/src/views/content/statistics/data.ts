/** Chart options of the supply–demand statistics (pure; tested). */
import type { StatisticsOut } from '@/api/portal'
import type { ChartOption } from '@/components/EChart.vue'

export const OUTCOME_COLORS: Record<string, string> = { matched: '#16a34a', not_matched: '#f59e0b', cancelled: '#9ca3af', open: '#3b82f6' }

/** Needs per scenario, stacked by outcome (with the still-open ones as 未关闭). */
export function scenarioChart(stats: StatisticsOut): ChartOption {
  const outcomes = stats.by_outcome.map((o) => ({ key: o.outcome, label: o.label }))
  const rows = stats.by_scenario
  const open = rows.map((r) => Math.max(0, r.total - Object.values(r.outcomes).reduce((a, b) => a + b, 0)))
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { bottom: 0 },
    grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rows.map((r) => r.scenario_name || r.scenario_code), inverse: true },
    series: [
      ...outcomes.map((o) => ({
        name: o.label,
        type: 'bar' as const,
        stack: 'total',
        barMaxWidth: 28,
        itemStyle: { color: OUTCOME_COLORS[o.key] },
        data: rows.map((r) => r.outcomes[o.key] ?? 0),
      })),
      { name: '未关闭', type: 'bar' as const, stack: 'total', barMaxWidth: 28, itemStyle: { color: OUTCOME_COLORS.open }, data: open },
    ],
  }
}

/** A pie of label/count pairs. */
export function pieChart(name: string, rows: { label: string; count: number }[]): ChartOption {
  return {
    tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
    legend: { bottom: 0 },
    series: [
      {
        name,
        type: 'pie',
        radius: ['40%', '68%'],
        center: ['50%', '45%'],
        data: rows.filter((r) => r.count > 0).map((r) => ({ name: r.label, value: r.count })),
        label: { formatter: '{b} {c}' },
      },
    ],
  }
}

/** Share of closed needs that ended matched, in percent (one decimal); null when none closed. */
export function matchRate(stats: StatisticsOut): number | null {
  const closed = stats.by_outcome.reduce((a, o) => a + o.count, 0)
  if (!closed) return null
  const matched = stats.by_outcome.find((o) => o.outcome === 'matched')?.count ?? 0
  return Math.round((matched / closed) * 1000) / 10
}
