/**
 * 数字化水平评测 (/api/assessment/…): one typed function per endpoint.
 *
 * The questionnaire and the result are free-form JSON in the OpenAPI schema
 * (`dict[str, Any]`); their shapes are declared here from the back end's
 * selectors.questionnaire() and scoring.Evaluation.to_dict().
 */
import { download, type RequestOptions } from './http'
import type { components } from './schema'
import { api, type QueryOf } from './typed'
import type { ListQuery, Page } from './types'

type S = components['schemas']

export type IndicatorSetOut = S['IndicatorSetOut']
export type IndicatorSetImportOut = S['IndicatorSetImportOut']
export type AssessmentOut = S['AssessmentOut']
export type AssessmentDetailOut = S['AssessmentDetailOut']
export type AssessmentSaveDraftIn = S['AssessmentSaveDraftIn']
/** A figure that cannot be true (blocks the submission) or that contradicts the ticked option (explain or fix). */
export type FigureFinding = S['FigureFindingOut']
export type AssessmentHistoryItem = S['AssessmentHistoryItem']
export type AssessmentCompareOut = S['AssessmentCompareOut']
export type AssessmentPeersOut = S['AssessmentPeersOut']
export type AssessmentMissingItem = S['AssessmentMissingItem']
export type OnsiteRatingOut = S['OnsiteRatingOut']
export type OnsiteRatingDetailOut = S['OnsiteRatingDetailOut']
export type OnsiteRatingSaveDraftIn = S['OnsiteRatingSaveDraftIn']
export type OnsiteRatingCreateIn = S['OnsiteRatingCreateIn']
export type ExpertAssignmentOut = S['ExpertAssignmentOut']
export type ExpertAssignIn = S['ExpertAssignIn']
export type AnalysisOut = S['AnalysisOut']
export type AnalysisEntryOut = S['AnalysisEntryOut']
export type AnalysisGroupBucket = S['AnalysisGroupBucket']
export type AnalysisQuery = QueryOf<'/api/assessment/analysis', 'get'>
export type AnalysisEntriesQuery = QueryOf<'/api/assessment/analysis/entries', 'get'>

/** Answer document sections (question id → code / codes, scenario id → level, field id → figure). */
export type AnswerValue = string | string[]
export type Answers = Record<string, AnswerValue>
export type ScenarioLevels = Record<string, number>
export type Evidence = Record<string, string | number>

// ---- questionnaire (GET /indicator-sets/current, /indicator-sets/{id}/definition) --------------

export interface QOption {
  code: string
  text: string
  score: string
  exclusive: boolean
}

export interface QEvidenceField {
  id: string
  label: string
  unit: string
  integer: boolean
}

export interface QQuestion {
  id: string
  indicator: string
  text: string
  type: 'single' | 'multi'
  max_score: string
  required: boolean
  options: QOption[]
  evidence_caption: string
  evidence_fields: QEvidenceField[]
  evidence_uses: string[]
}

export interface QGroup {
  id: string
  name: string
  max_score: string
  questions: QQuestion[]
}

export interface QDimension {
  id: string
  name: string
  max_score: string
  groups: QGroup[]
}

export interface QScenario {
  id: string
  name: string
  constraint: boolean
  type_name: string
  levels: Array<{ level: number; description: string }>
}

export interface QScenarioGroup {
  id: string
  name: string
  scenarios: QScenario[]
}

export interface QLevelRule {
  level: number
  name: string
  min_score: string
  min_score_inclusive: boolean
  min_scenes: number
  min_constraint_scenes: number
}

export interface Questionnaire {
  id: number
  code: string
  version: string
  name: string
  status: string
  total_max: string
  dimensions: QDimension[]
  scenario_dimension: {
    name: string
    types: Record<string, string>
    levels: Array<{ level: number; name: string }>
    groups: QScenarioGroup[]
  }
  levels: QLevelRule[]
  no_level_name: string
}

// ---- result (GET /assessments/{id}/result) -------------------------------------------------------

export interface EvidenceCheck {
  name: string
  status: 'computed' | 'incomplete' | 'undefined' | 'out_of_range' | 'not_computed'
  value: string | null
  current: string | null
  previous: string | null
  option: string | null
  consistent: boolean | null
  message: string
}

export interface IndicatorScore {
  id: string
  indicator: string
  question: string
  type: string
  selected: Array<{ code: string; text: string; score: string }>
  score: string
  max_score: string
  evidence: EvidenceCheck | null
}

export interface GroupScore {
  id: string
  name: string
  score: string
  max_score: string
  indicators: IndicatorScore[]
}

export interface DimensionScore {
  id: string
  name: string
  score: string
  max_score: string
  groups: GroupScore[]
}

export interface ScenarioRating {
  id: string
  name: string
  group_id: string
  group_name: string
  constraint: boolean
  type_name: string
  level: number
  level_name: string
}

export interface LevelCount {
  level: number
  name: string
  exactly: number
  exactly_constraint: number
  exactly_guidance: number
  at_or_above: number
  at_or_above_constraint: number
  at_or_above_guidance: number
}

export interface RuleCheck {
  level: number
  name: string
  min_score: string
  min_score_inclusive: boolean
  score: string
  score_met: boolean
  min_scenes: number
  scenes: number
  scenes_met: boolean
  min_constraint_scenes: number
  constraint_scenes: number
  constraint_met: boolean
  met: boolean
}

export interface TraceStep {
  step: 'indicator' | 'group' | 'dimension' | 'total' | 'scenario' | 'scenario_counts' | 'rule' | 'level'
  ref: string
  message: string
  points: string | null
}

export interface IndicatorRaise {
  id: string
  indicator: string
  from_options: string[]
  from_score: string
  to_options: string[]
  to_score: string
  gain: string
}

export interface ScenarioRaise {
  id: string
  name: string
  constraint: boolean
  from_level: number
  to_level: number
  to_description: string
}

export interface Distance {
  current_level: number
  current_level_name: string
  target_level: number | null
  target_level_name: string | null
  rule: RuleCheck | null
  score_gap: string
  score_plan: IndicatorRaise[]
  headroom: Array<{ id: string; indicator: string; score: string; max_score: string; headroom: string }>
  scenes_short: number
  constraint_scenes_short: number
  scenario_plan: ScenarioRaise[]
  summary: string
}

export interface AssessmentResult {
  id: number
  org: { id: number; name: string }
  submitted_at: string | null
  indicator_set: string
  version: string
  total: string
  total_max: string
  dimensions: DimensionScore[]
  scenarios: ScenarioRating[]
  scenario_counts: LevelCount[]
  rule_checks: RuleCheck[]
  level: number
  level_name: string
  /** Why the figures and the ticked option disagree, per question (given by the enterprise before submitting). */
  explanations?: Record<string, string>
  warnings: Array<{ ref: string; code: string; message: string }>
  trace: TraceStep[]
  distance_to_next_level: Distance
}

// ---- indicator sets -------------------------------------------------------------------------------

export const indicatorSetList = (query: ListQuery) =>
  api.get('/api/assessment/indicator-sets', {
    query: query as QueryOf<'/api/assessment/indicator-sets', 'get'>,
  }) as Promise<Page<IndicatorSetOut>>

export const indicatorSetCurrent = (code?: string) =>
  api.get('/api/assessment/indicator-sets/current', { query: code ? { code } : {} }) as unknown as Promise<Questionnaire>

export const indicatorSetDefinition = (indicatorSetId: number) =>
  api.get('/api/assessment/indicator-sets/{indicator_set_id}/definition', {
    path: { indicator_set_id: indicatorSetId },
  }) as unknown as Promise<Questionnaire>

/** POST /indicator-sets/import (multipart `file`, `activate`). */
export function indicatorSetImport(file: File, activate = true, opts: Omit<RequestOptions, 'query' | 'body'> = {}) {
  const form = new FormData()
  form.append('file', file)
  form.append('activate', activate ? 'true' : 'false')
  return api.post('/api/assessment/indicator-sets/import', { body: form, ...opts })
}

// ---- self-assessments -----------------------------------------------------------------------------

const aid = (assessment_id: number) => ({ path: { assessment_id } })

export const assessmentList = (query: ListQuery) =>
  api.get('/api/assessment/assessments', {
    query: query as QueryOf<'/api/assessment/assessments', 'get'>,
  }) as Promise<Page<AssessmentOut>>

export const assessmentStart = (body: S['AssessmentStartIn'] = { indicator_set_code: '2024-manufacturing' }) =>
  api.post('/api/assessment/assessments', { body })

export const assessmentGet = (assessmentId: number) => api.get('/api/assessment/assessments/{assessment_id}', aid(assessmentId))

export const assessmentSaveDraft = (assessmentId: number, body: AssessmentSaveDraftIn, opts: Omit<RequestOptions, 'query' | 'body'> = {}) =>
  api.patch('/api/assessment/assessments/{assessment_id}/draft', { ...aid(assessmentId), body, ...opts })

export const assessmentSubmit = (assessmentId: number, commitment: boolean, opts: Omit<RequestOptions, 'query' | 'body'> = {}) =>
  api.post('/api/assessment/assessments/{assessment_id}/submit', { ...aid(assessmentId), body: { commitment }, ...opts })

export const assessmentResult = (assessmentId: number) =>
  api.get('/api/assessment/assessments/{assessment_id}/result', aid(assessmentId)) as unknown as Promise<AssessmentResult>

export const assessmentPeers = (assessmentId: number) =>
  api.get('/api/assessment/assessments/{assessment_id}/peers', { ...aid(assessmentId), silent: true })

export const assessmentReportDownload = (assessmentId: number) =>
  download(`/api/assessment/assessments/${assessmentId}/report.pdf`, undefined, `数字化水平评测报告-${assessmentId}.pdf`)

export const assessmentCompare = (a: number, b: number) => api.get('/api/assessment/assessments/compare', { query: { a, b } })

export const assessmentHistory = (orgId: number, query: ListQuery) =>
  api.get('/api/assessment/orgs/{org_id}/history', {
    path: { org_id: orgId },
    query: query as QueryOf<'/api/assessment/orgs/{org_id}/history', 'get'>,
  }) as Promise<Page<AssessmentHistoryItem>>

// ---- on-site ratings ------------------------------------------------------------------------------

const rid = (rating_id: number) => ({ path: { rating_id } })

export const onsiteRatingList = (query: ListQuery) =>
  api.get('/api/assessment/onsite-ratings', {
    query: query as QueryOf<'/api/assessment/onsite-ratings', 'get'>,
  }) as Promise<Page<OnsiteRatingOut>>

export const onsiteRatingCreate = (body: OnsiteRatingCreateIn) => api.post('/api/assessment/onsite-ratings', { body })

export const onsiteRatingGet = (ratingId: number) => api.get('/api/assessment/onsite-ratings/{rating_id}', rid(ratingId))

export const onsiteRatingSaveDraft = (ratingId: number, body: OnsiteRatingSaveDraftIn, opts: Omit<RequestOptions, 'query' | 'body'> = {}) =>
  api.patch('/api/assessment/onsite-ratings/{rating_id}/draft', { ...rid(ratingId), body, ...opts })

export const onsiteRatingSubmit = (ratingId: number, opts: Omit<RequestOptions, 'query' | 'body'> = {}) =>
  api.post('/api/assessment/onsite-ratings/{rating_id}/submit', { ...rid(ratingId), ...opts })

export const onsiteRatingDelete = (ratingId: number) => api.delete('/api/assessment/onsite-ratings/{rating_id}', rid(ratingId))

export const onsiteRatingResult = (ratingId: number) =>
  api.get('/api/assessment/onsite-ratings/{rating_id}/result', rid(ratingId)) as unknown as Promise<AssessmentResult>

export const onsiteRatingReportDownload = (ratingId: number) =>
  download(`/api/assessment/onsite-ratings/${ratingId}/report.pdf`, undefined, `现场评定报告-${ratingId}.pdf`)

// ---- expert assignments ---------------------------------------------------------------------------

export const expertAssignmentList = (query: ListQuery) =>
  api.get('/api/assessment/expert-assignments', {
    query: query as QueryOf<'/api/assessment/expert-assignments', 'get'>,
  }) as Promise<Page<ExpertAssignmentOut>>

export const expertAssign = (body: ExpertAssignIn) => api.post('/api/assessment/expert-assignments', { body })

export const expertUnassign = (assignmentId: number) =>
  api.delete('/api/assessment/expert-assignments/{assignment_id}', { path: { assignment_id: assignmentId } })

// ---- analysis -------------------------------------------------------------------------------------


export const analysisSummary = (query: AnalysisQuery) => api.get('/api/assessment/analysis', { query })

export const analysisEntries = (query: ListQuery) =>
  api.get('/api/assessment/analysis/entries', { query: query as AnalysisEntriesQuery }) as Promise<Page<AnalysisEntryOut>>

/** GET /api/files/{id} — name and size of an on-site rating's evidence attachment. */
export const attachmentInfo = (fileId: string) => api.get('/api/files/{file_id}', { path: { file_id: fileId }, silent: true })
