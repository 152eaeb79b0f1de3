import type { RatingScheme, Scorecard, ScorecardDimension } from '@/api/providerRatings'
import type { ChartOption } from '@/components/EChart.vue'
import type { SearchField, TableColumn } from '@/components/SearchTable/types'

/**
 * The dimensions, weights and grades come from the active scheme (GET /api/providers/rating-scheme);
 * a scorecard carries its own dimensions (the scheme version it was computed with) and their evidence.
 */

export const NO_DATA = '无数据'

export const GRADE_TYPES: Record<string, 'success' | 'primary' | 'warning' | 'danger' | 'info'> = {
  五星: 'success',
  四星: 'success',
  三星: 'primary',
  二星: 'warning',
  一星: 'danger',
}

export function searchSchema(years: number[], grades: string[] = []): SearchField[] {
  return [
    { field: 'year', label: '年度', type: 'select', options: years.map((y) => ({ label: `${y} 年`, value: y })), width: 120 },
    { field: 'grade', label: '等级', type: 'select', options: grades.map((g) => ({ label: g, value: g })), width: 120 },
    { field: 'q', label: '服务商', placeholder: '名称关键字' },
  ]
}

export const columns: TableColumn<Scorecard>[] = [
  { prop: 'org_name', label: '服务商', minWidth: 200 },
  { prop: 'year', label: '年度', width: 80, align: 'center', sortable: true },
  { prop: 'total', label: '综合得分', width: 110, align: 'right', sortable: true, formatter: (r) => Number(r.total).toFixed(2) },
  { prop: 'grade', label: '等级', width: 90, align: 'center' },
  { prop: 'dimensions', label: '各维度得分', minWidth: 280 },
  { prop: 'scheme_version', label: '评级方案', width: 150 },
]

/** Recent years a rating may be computed for (the back end accepts 2020 … this year). */
export function ratingYears(now: Date = new Date()): number[] {
  const y = now.getFullYear()
  return Array.from({ length: Math.min(6, y - 2019) }, (_, i) => y - i)
}

export function scoreText(d: Pick<ScorecardDimension, 'score'>): string {
  return d.score === null || d.score === undefined ? NO_DATA : Number(d.score).toFixed(2)
}

const n = (v: unknown): string => (v === undefined || v === null || v === '' ? '0' : String(v))

/** The facts a dimension's score was computed from, in words. */
export function evidenceText(d: Pick<ScorecardDimension, 'source' | 'evidence' | 'score'>): string {
  const e = d.evidence as Record<string, unknown>
  switch (d.source) {
    case 'projects':
      return `本年度签约项目 ${n(e.count)} 个（${n(e.full_marks_at)} 个及以上得满分）`
    case 'on_time':
      return Number(e.total ?? 0) ? `按期完成 ${n(e.done_on_time)} 个 / 已到期 ${n(e.total)} 个里程碑` : '本年度无到期里程碑'
    case 'acceptance':
      return Number(e.total ?? 0) ? `一次验收通过 ${n(e.first_pass)} 个 / 已验收 ${n(e.total)} 个项目` : '本年度无验收结论'
    case 'satisfaction':
      return Number(e.count ?? 0) ? `${n(e.count)} 条企业评价，平均 ${n(e.average)} 分` : '本年度无企业评价'
    case 'complaints': {
      const text = `投诉成立 ${n(e.upheld)} 件、不成立 ${n(e.dismissed)} 件、待处理 ${n(e.pending)} 件；每件成立扣 ${n(e.penalty_per_upheld)} 分`
      return d.score === null ? `${text}（本年度无项目也无已处理投诉）` : text
    }
    case 'manual':
      return d.score === null ? '市级尚未录入' : `市级评分${e.note ? `：${String(e.note)}` : ''}`
    default:
      return ''
  }
}

/** Horizontal bars, one per dimension (0–100); dimensions without data show no bar and say 无数据. */
export function scorecardChart(dimensions: ScorecardDimension[]): ChartOption {
  return {
    grid: { left: 150, right: 60, top: 10, bottom: 24 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', min: 0, max: 100 },
    yAxis: { type: 'category', data: dimensions.map((d) => d.name), inverse: true },
    series: [
      {
        type: 'bar',
        data: dimensions.map((d) => (d.score === null ? null : Number(d.score))),
        barMaxWidth: 18,
        label: { show: true, position: 'right' },
      },
    ],
  }
}

/** The manual dimensions of a scheme (entered by the city). */
export function manualDimensions(scheme: Pick<RatingScheme, 'dimensions'> | null): RatingScheme['dimensions'] {
  return (scheme?.dimensions ?? []).filter((d) => d.source === 'manual')
}

export interface SchemeDraft {
  version: string
  note: string
  dimensions: { key: string; name: string; weight: number; source: string; params: Record<string, number> }[]
  grades: { grade: string; min: number }[]
}

export function draftFrom(scheme: RatingScheme | null): SchemeDraft {
  return {
    version: '',
    note: '',
    dimensions: (scheme?.dimensions ?? []).map((d) => ({
      key: d.key,
      name: d.name,
      weight: Number(d.weight),
      source: d.source,
      params: { ...d.params },
    })),
    grades: (scheme?.grades ?? []).map((g) => ({ grade: g.grade, min: Number(g.min) })),
  }
}

/** The share (%) of each dimension's weight, as the back end renormalises them. */
export function weightShares(weights: number[]): number[] {
  const sum = weights.reduce((a, w) => a + (w > 0 ? w : 0), 0)
  return weights.map((w) => (sum > 0 && w > 0 ? Math.round((10000 * w) / sum) / 100 : 0))
}

/** Client-side checks before saving a scheme (the back end checks again and has the last word). */
export function schemeProblems(d: SchemeDraft): string[] {
  const out: string[] = []
  if (!d.version.trim()) out.push('请填写方案版本号')
  if (!d.dimensions.length) out.push('请至少设置一个评级维度')
  const keys = d.dimensions.map((x) => x.key.trim())
  if (new Set(keys).size !== keys.length) out.push('维度编码不能重复')
  d.dimensions.forEach((x, i) => {
    if (!/^[a-z][a-z0-9_]{0,31}$/.test(x.key.trim())) out.push(`第 ${i + 1} 个维度的编码应为小写字母开头的字母、数字或下划线`)
    if (!x.name.trim()) out.push(`请填写第 ${i + 1} 个维度的名称`)
    if (!(x.weight > 0)) out.push(`“${x.name || i + 1}”的权重应大于 0`)
  })
  if (!d.grades.length) out.push('请至少设置一个等级')
  else if (!d.grades.some((g) => Number(g.min) === 0)) out.push('最低一档等级的最低分应为 0')
  const names = d.grades.map((g) => g.grade.trim())
  if (new Set(names).size !== names.length) out.push('等级名称不能重复')
  return out
}
