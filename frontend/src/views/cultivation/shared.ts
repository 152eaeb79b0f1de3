/** Labels and small helpers shared by the cultivation pages. */
import type { TierResultOut } from '@/api/cultivation'

export const TIER_LABELS: Record<string, string> = {
  none: '未入库',
  innovative: '创新型中小企业',
  specialized: '专精特新中小企业',
  little_giant: '专精特新“小巨人”企业',
}

export const CONDITION_STATUS: Record<string, { label: string; type: 'success' | 'danger' | 'warning' | 'info' }> = {
  met: { label: '满足', type: 'success' },
  not_met: { label: '不满足', type: 'danger' },
  missing: { label: '缺少数据', type: 'warning' },
  scored: { label: '已计分', type: 'success' },
}

export const TIER_STATUS: Record<string, { label: string; type: 'success' | 'danger' | 'warning' }> = {
  pass: { label: '达到', type: 'success' },
  fail: { label: '未达到', type: 'danger' },
  missing: { label: '缺少数据', type: 'warning' },
}

export const OPS: Record<string, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<' }

/** "得分 / 及格线" of a tier (points for points tables, the development score for 2026). */
export function scoreLine(t: TierResultOut): { value: number | null; line: number | null; max: number; text: string } {
  if (t.points) {
    return {
      value: Number(t.points.total),
      line: Number(t.points.pass_line),
      max: Number(t.points.max_total),
      text: `${t.points.total} / ${t.points.pass_line} 分`,
    }
  }
  if (t.score) {
    return {
      value: t.score.value === null ? null : Number(t.score.value),
      line: Number(t.score.pass_line),
      max: 100,
      text: `${t.score.name} ${t.score.value ?? '未填报'} / ${t.score.pass_line}`,
    }
  }
  return { value: null, line: null, max: 100, text: '逐项条件认定（不计分）' }
}

export const ACTION_KIND_OPTIONS = [
  { label: '走访', value: 'visit' },
  { label: '服务', value: 'service' },
  { label: '政策推送', value: 'policy' },
  { label: '其他', value: 'other' },
]
