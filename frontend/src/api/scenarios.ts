/**
 * /api/industry scenario endpoints — 产业链场景库: scenarios, reporting enterprises, candidate problems, the
 * background aggregate, raising a need, providers' demand ranking and the public library. One typed function per endpoint.
 */
import type { components } from './schema'
import { api, type QueryOf } from './typed'
import type { ListQuery } from './types'

type S = components['schemas']
export type ScenarioRow = S['ScenarioOut']
export type ScenarioDetail = S['ScenarioDetailOut']
export type ScenarioCreateIn = S['ScenarioCreateIn']
export type ScenarioUpdateIn = S['ScenarioUpdateIn']
export type ScenarioReporter = S['ScenarioReporterOut']
export type ScenarioCandidate = S['ScenarioCandidateOut']
export type ScenarioRun = S['ScenarioRunOut']
export type PublicScenarioRow = S['ScenarioPublicOut']
export type PublicScenarioDetail = S['ScenarioPublicDetailOut']

const sid = (id: number) => ({ path: { scenario_id: id } })

export const scenarioList = (query: ListQuery = {}) =>
  api.get('/api/industry/scenarios', { query: query as QueryOf<'/api/industry/scenarios', 'get'> })
export const scenarioGet = (id: number) => api.get('/api/industry/scenarios/{scenario_id}', sid(id))
export const scenarioCreate = (body: ScenarioCreateIn) => api.post('/api/industry/scenarios', { body })
export const scenarioUpdate = (id: number, body: ScenarioUpdateIn) =>
  api.patch('/api/industry/scenarios/{scenario_id}', { ...sid(id), body })
export const scenarioReporters = (id: number, query: ListQuery = {}) =>
  api.get('/api/industry/scenarios/{scenario_id}/reporters', {
    ...sid(id),
    query: query as QueryOf<'/api/industry/scenarios/{scenario_id}/reporters', 'get'>,
  })
export const scenarioDemand = () => api.get('/api/industry/scenario-demand')
export const scenarioNeedRaise = (body: S['ScenarioNeedIn']) => api.post('/api/industry/scenario-needs', { body })

export const candidateList = (query: ListQuery = {}) =>
  api.get('/api/industry/scenario-candidates', { query: query as QueryOf<'/api/industry/scenario-candidates', 'get'> })
export const candidateAccept = (id: number, body: S['ScenarioCandidateAcceptIn']) =>
  api.post('/api/industry/scenario-candidates/{candidate_id}/accept', { path: { candidate_id: id }, body })
export const candidateDismiss = (id: number) =>
  api.post('/api/industry/scenario-candidates/{candidate_id}/dismiss', { path: { candidate_id: id } })

export const runStart = () => api.post('/api/industry/scenario-runs', { body: {} })
export const runLatest = () => api.get('/api/industry/scenario-runs/latest')
export const runGet = (id: number) => api.get('/api/industry/scenario-runs/{run_id}', { path: { run_id: id } })

export const publicScenarioList = (query: ListQuery = {}) =>
  api.get('/api/industry/public/scenarios', { query: query as QueryOf<'/api/industry/public/scenarios', 'get'> })
export const publicScenarioGet = (id: number) => api.get('/api/industry/public/scenarios/{scenario_id}', sid(id))
