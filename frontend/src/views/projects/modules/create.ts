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
