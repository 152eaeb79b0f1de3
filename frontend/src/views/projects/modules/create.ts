/** Form → payload of POST /api/projects (pure). */
import type { ProjectCreateIn } from '@/api/projects'

export interface CreateModel {
  kind: string
  provider_id: number | null
  title: string
  amount: string
  requirement: string
  diagnosis_id: string
}

/** The payload, or the message of the first missing / invalid field. */
export function createPayload(m: CreateModel): ProjectCreateIn | string {
  if (!m.provider_id) return '请选择服务商'
  if (!m.title.trim()) return '请填写项目名称'
  const amount = m.amount.trim()
  if (!/^\d+(\.\d{1,2})?$/.test(amount)) return '合同金额须为数字，最多两位小数'
  const payload: ProjectCreateIn = {
    kind: m.kind,
    provider_id: m.provider_id,
    title: m.title.trim(),
    amount,
    requirement: m.requirement.trim(),
  }
  const diag = m.diagnosis_id.trim()
  if (m.kind === 'transformation' && diag) {
    if (!/^\d+$/.test(diag)) return '诊断项目编号须为数字'
    payload.diagnosis_id = Number(diag)
  }
  return payload
}

/** Query of GET /api/projects/providers: 细分行业 and the minimum total score of the latest yearly rating. */
export function candidateQuery(subIndustry: string, minScore: number | null | undefined): { page_size: number; sub_industry?: string; min_score?: string } {
  const q: { page_size: number; sub_industry?: string; min_score?: string } = { page_size: 100 }
  if (subIndustry) q.sub_industry = subIndustry
  if (minScore !== null && minScore !== undefined && Number.isFinite(minScore)) q.min_score = String(minScore)
  return q
}

/** The candidate's latest yearly rating: "2025年度 88.00 分（四星）", or "暂无评级" (no record, no grade). */
export function ratingText(c: { rating_year?: number | null; rating_total?: string | null; rating_grade?: string | null }): string {
  if (c.rating_total === null || c.rating_total === undefined || !c.rating_grade) return '暂无评级'
  const year = c.rating_year ? `${c.rating_year}年度 ` : ''
  return `${year}${c.rating_total} 分（${c.rating_grade}）`
}
