/** Diagnosis findings (诊断发现): the editor's rows → payload with the server's checks, labels (pure). */
import type { DiagnosisFinding, DiagnosisFindingIn } from '@/api/projects'

export const MAX_FINDINGS = 30
export const TITLE_MAX = 100
export const TEXT_MAX = 1000

export const SEVERITY_OPTIONS = [
  { value: 'high', label: '高' },
  { value: 'medium', label: '中' },
  { value: 'low', label: '低' },
] as const

export const SEVERITY_TYPES: Record<string, 'danger' | 'warning' | 'info'> = { high: 'danger', medium: 'warning', low: 'info' }

export interface FindingRow {
  scene: string
  title: string
  description: string
  severity: string
  suggestion: string
}

export const emptyFinding = (): FindingRow => ({ scene: '', title: '', description: '', severity: 'medium', suggestion: '' })

export function toRows(findings: readonly DiagnosisFinding[]): FindingRow[] {
  return findings.map((f) => ({ scene: f.scene, title: f.title, description: f.description, severity: f.severity, suggestion: f.suggestion }))
}

/** The payload, or the first problem in Chinese (the same rules the server applies). */
export function findingsPayload(rows: readonly FindingRow[]): DiagnosisFindingIn[] | string {
  if (rows.length > MAX_FINDINGS) return `诊断发现最多 ${MAX_FINDINGS} 条`
  const out: DiagnosisFindingIn[] = []
  for (const [i, r] of rows.entries()) {
    const where = `第 ${i + 1} 条`
    const row = {
      scene: (r.scene ?? '').trim(),
      title: (r.title ?? '').trim(),
      description: (r.description ?? '').trim(),
      severity: r.severity ?? '',
      suggestion: (r.suggestion ?? '').trim(),
    }
    if (!row.scene && !row.title) return `${where}：请选择数字化水平场景或填写问题`
    if (row.title.length > TITLE_MAX) return `${where}：问题不能超过 ${TITLE_MAX} 字`
    if (!row.description) return `${where}：请填写问题描述`
    if (row.description.length > TEXT_MAX) return `${where}：问题描述不能超过 ${TEXT_MAX} 字`
    if (!SEVERITY_OPTIONS.some((o) => o.value === row.severity)) return `${where}：请选择严重程度（高、中、低）`
    if (!row.suggestion) return `${where}：请填写改进建议`
    if (row.suggestion.length > TEXT_MAX) return `${where}：改进建议不能超过 ${TEXT_MAX} 字`
    out.push(row)
  }
  return out
}

/** 场景 / 问题 as shown: "S07 质量管理", the free title, or both. */
export function findingLabel(f: { scene: string; scene_name: string; title: string }): string {
  const scene = f.scene ? `${f.scene} ${f.scene_name || ''}`.trim() : ''
  return [scene, f.title].filter(Boolean).join(' · ')
}
