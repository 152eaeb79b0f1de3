import type { ReviewOut } from '@/api/types'
import type { ChartOption } from '@/components/EChart.vue'

/** Pending reviews by process type, for the pie chart. */
export function countByProcess(items: readonly ReviewOut[]): Array<{ name: string; value: number }> {
  const counts = new Map<string, number>()
  for (const r of items) counts.set(r.process_name, (counts.get(r.process_name) ?? 0) + 1)
  return [...counts].map(([name, value]) => ({ name, value })).sort((a, b) => b.value - a.value)
}

export function pendingChart(data: Array<{ name: string; value: number }>): ChartOption {
  return {
    tooltip: { trigger: 'item', formatter: '{b}：{c} 件（{d}%）' },
    legend: { bottom: 0, type: 'scroll' },
    color: ['#1d4f91', '#3a7bd5', '#5fa8d3', '#8cc0de', '#f0a04b', '#c9302c'],
    series: [
      {
        type: 'pie',
        radius: ['40%', '65%'],
        center: ['50%', '45%'],
        label: { formatter: '{b}\n{c} 件' },
        data,
      },
    ],
  }
}

/** orgs.services.ORG_VERIFICATION — the review an enterprise / provider goes through after registering. */
export const ORG_VERIFICATION = 'org_verification'

/** Org-scoped roles (enterprise / provider users) carry the org the workspace reports on. */
export const ORG_ROLES = ['enterprise_user', 'provider_user']
