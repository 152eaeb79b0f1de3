/**
 * /api/cultivation — 梯度培育: criteria and their settings, self-assessment, the cultivation library,
 * statistics and the tier pipeline. One typed function per endpoint.
 *
 * The evaluation result is free-form JSON in the OpenAPI schema (`dict[str, Any]`); its shape is
 * declared here from the back end's evaluation.TierResult.to_dict().
 */
import { download } from './http'
import type { components } from './schema'
import { api, type QueryOf } from './typed'
import type { ListQuery } from './types'

type S = components['schemas']
export type CriteriaOut = S['CriteriaOut']
export type CriteriaDetail = S['CriteriaDetailOut']
export type CriteriaParameter = S['CriteriaParameterOut']
export type SelfAssessmentForm = S['SelfAssessmentFormOut']
export type FormInput = S['FormInputOut']
export type SelfAssessmentRow = S['SelfAssessmentRowOut']
export type SelfAssessmentDetail = S['SelfAssessmentDetailOut']
export type LibraryRow = S['LibraryRowOut']
export type Timeline = S['CultivationTimelineOut']
export type RecognitionIn = S['RecognitionIn']
export type ReReviewIn = S['ReReviewIn']
export type ActionIn = S['ActionIn']
export type ActionRow = S['ActionOut']
export type Statistics = S['TierStatisticsOut']
export type Pipeline = S['PipelineOut']
export type Candidate = S['PipelineCandidateOut']
export type Planner = S['PlannerOut']

export type Answers = Record<string, unknown>

export interface CheckOut {
  kind: 'measure' | 'flag' | 'tier_held'
  label: string
  unit?: string
  op?: string
  threshold?: string | null
  value?: string | null
  status: 'met' | 'not_met' | 'missing'
  missing: string[]
}

export interface ConditionOut {
  id: string
  text: string
  status: 'met' | 'not_met' | 'missing'
  checks: CheckOut[]
}

export interface IndicatorOut {
  id: string
  name: string
  max: string
  points: string | null
  band: string
  status: 'scored' | 'missing'
  values: Array<{ measure: string; label: string; unit: string; value: string | null }>
  inputs: Array<{ name: string; label: string; value: unknown }>
  missing: string[]
  note: string
}

export interface GapMove {
  input: string
  label: string
  unit: string
  from: unknown
  to: unknown
  delta: unknown
  text: string
}

export interface GapOut {
  deficit_points: string | null
  moves: GapMove[]
  points_gain: string | null
  requirements: string[]
  missing: string[]
  passes_after: boolean
  summary: string
}

export interface TierResultOut {
  tier: 'innovative' | 'specialized' | 'little_giant'
  name: string
  standard: string
  status: 'pass' | 'fail' | 'missing'
  status_label: string
  conditions: ConditionOut[]
  points: null | {
    total: string
    total_high: string
    max_total: string
    pass_line: string
    status: string
    categories: Array<{ id: string; name: string; max: string; min: string | null; points: string; status: string | null; note: string }>
    indicators: IndicatorOut[]
  }
  score: null | { name: string; value: string | null; pass_line: string }
  direct: ConditionOut[]
  direct_applies: string[]
  points_gap: string | null
  unmet: number
  missing_count: number
  gap: GapOut | null
}

export interface EvaluationOut {
  criteria: { version: string; name: string; document_no: string; effective_from: string; band_edge: string }
  tiers: TierResultOut[]
  next_tier: string | null
}


// 认定标准
export const criteriaList = () => api.get('/api/cultivation/criteria')
export const criteriaGet = (version: string) => api.get('/api/cultivation/criteria/{version}', { path: { version } })
/** the published application form of a tier under a regime, built from the criteria (idempotent) */
export const applicationTemplatePublish = (criteriaVersion: string, tier: string) =>
  api.post('/api/cultivation/application-templates', { body: { criteria_version: criteriaVersion, tier } })
export const criteriaSettingSet = (version: string, key: string, value: unknown) =>
  api.put('/api/cultivation/criteria/{version}/settings/{key}', { path: { version, key }, body: { value } })

// 自评
export const selfAssessmentForm = (orgId?: number) =>
  api.get('/api/cultivation/self-assessments/form', { query: orgId ? { org_id: orgId } : {} })
export const selfAssessmentCreate = (answers: Answers, tese: Record<string, string>, orgId?: number) =>
  api.post('/api/cultivation/self-assessments', { body: { answers, tese, org_id: orgId ?? null } })
export const selfAssessmentList = (query: ListQuery) =>
  api.get('/api/cultivation/self-assessments', { query: query as QueryOf<'/api/cultivation/self-assessments', 'get'> })
export const selfAssessmentGet = (id: number) => api.get('/api/cultivation/self-assessments/{sa_id}', { path: { sa_id: id } })
export const selfAssessmentReport = (id: number, name?: string) =>
  download(`/api/cultivation/self-assessments/${id}/report.pdf`, undefined, name ?? `梯度培育自评报告-${id}.pdf`)
export const plannerGet = (orgId: number) => api.get('/api/cultivation/planner/{org_id}', { path: { org_id: orgId } })

// 培育库
export const libraryList = (query: ListQuery) =>
  api.get('/api/cultivation/library', { query: query as QueryOf<'/api/cultivation/library', 'get'> })
export const libraryGet = (id: number) => api.get('/api/cultivation/library/{entry_id}', { path: { entry_id: id } })
export const libraryRemove = (id: number, reason: string) =>
  api.post('/api/cultivation/library/{entry_id}/remove', { path: { entry_id: id }, body: { reason } })
export const recognitionCreate = (body: RecognitionIn) => api.post('/api/cultivation/recognitions', { body })
export const reReviewCreate = (recognitionId: number, body: ReReviewIn) =>
  api.post('/api/cultivation/recognitions/{recognition_id}/re-reviews', { path: { recognition_id: recognitionId }, body })
export const actionList = (query: ListQuery) =>
  api.get('/api/cultivation/actions', { query: query as QueryOf<'/api/cultivation/actions', 'get'> })
export const actionCreate = (body: ActionIn) => api.post('/api/cultivation/actions', { body })

// 统计与梯队
export const statisticsGet = () => api.get('/api/cultivation/statistics')
export const pipelineGet = () => api.get('/api/cultivation/pipeline')
export const candidateList = (query: ListQuery) =>
  api.get('/api/cultivation/pipeline/candidates', { query: query as QueryOf<'/api/cultivation/pipeline/candidates', 'get'> })

export const TIER_OPTIONS = [
  { label: '创新型中小企业', value: 'innovative' },
  { label: '专精特新中小企业', value: 'specialized' },
  { label: '专精特新“小巨人”企业', value: 'little_giant' },
  { label: '未入库', value: 'none' },
]
