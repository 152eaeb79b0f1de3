/** /api/enterprises — 一企一档, bulk import, pilot selection, pilot library, recruitment. One function per endpoint. */
import { download } from './http'
import type { components } from './schema'
import { api, type QueryOf } from './typed'
import type { ListQuery } from './types'

type S = components['schemas']
export type ProfileRow = S['ProfileRowOut']
export type ProfileDetail = S['ProfileDetailOut']
export type FactField = S['FactFieldOut']
export type Figure = S['FigureOut']
export type Provenance = S['ProvenanceOut']
export type ProfileUpdateIn = S['ProfileUpdateIn']
export type FigureIn = S['FigureIn']
export type ImportJob = S['ImportJobOut']
export type SelectionBatch = S['SelectionBatchOut']
export type SelectionBatchCreateIn = S['SelectionBatchCreateIn']
export type ApplicationRow = S['ApplicationRowOut']
export type ApplicationDetail = S['ApplicationDetailOut']
export type ApplicationCreateIn = S['ApplicationCreateIn']
export type ApplicationUpdateIn = S['ApplicationUpdateIn']
export type Publicity = S['PublicityOut']
export type ObjectionRow = S['ObjectionRowOut']
export type Pilot = S['PilotOut']
export type RecruitmentPost = S['PostOut']
export type PublicRecruitmentPost = S['PostPublicOut']
export type PostCreateIn = S['PostCreateIn']
export type PostUpdateIn = S['PostUpdateIn']

export const PILOT_EXPORT_PATH = '/api/enterprises/pilots/export'

// 一企一档
export const profileList = (query: ListQuery) =>
  api.get('/api/enterprises/profiles', { query: query as QueryOf<'/api/enterprises/profiles', 'get'> })
export const profileGet = (orgId: number) => api.get('/api/enterprises/profiles/{org_id}', { path: { org_id: orgId } })
export const profileUpdate = (orgId: number, body: ProfileUpdateIn) =>
  api.patch('/api/enterprises/profiles/{org_id}', { path: { org_id: orgId }, body })
export const figureUpsert = (orgId: number, year: number, body: FigureIn) =>
  api.put('/api/enterprises/profiles/{org_id}/figures/{year}', { path: { org_id: orgId, year }, body })
export const factsConfirm = (orgId: number, body: S['FactsConfirmIn']) =>
  api.post('/api/enterprises/profiles/{org_id}/confirm', { path: { org_id: orgId }, body })

// 批量导入
export const importTemplateDownload = () => download('/api/enterprises/imports/template', undefined, '企业导入模板.xlsx')
export function importStart(file: File) {
  const form = new FormData()
  form.append('file', file)
  return api.post('/api/enterprises/imports', { body: form })
}
export const importJobList = (query: ListQuery) =>
  api.get('/api/enterprises/imports', { query: query as QueryOf<'/api/enterprises/imports', 'get'> })
export const importJobGet = (jobId: number) => api.get('/api/enterprises/imports/{job_id}', { path: { job_id: jobId } })

// 遴选批次
export const batchList = (query: ListQuery) =>
  api.get('/api/enterprises/batches', { query: query as QueryOf<'/api/enterprises/batches', 'get'> })
export const batchGet = (batchId: number) => api.get('/api/enterprises/batches/{batch_id}', { path: { batch_id: batchId } })
export const batchCreate = (body: SelectionBatchCreateIn) => api.post('/api/enterprises/batches', { body })
export const batchClose = (batchId: number) =>
  api.post('/api/enterprises/batches/{batch_id}/close', { path: { batch_id: batchId } })

// 试点申报
const app = (app_id: number) => ({ path: { app_id } })
export const applicationList = (query: ListQuery) =>
  api.get('/api/enterprises/pilot-applications', {
    query: query as QueryOf<'/api/enterprises/pilot-applications', 'get'>,
  })
export const applicationPrefill = () => api.get('/api/enterprises/pilot-applications/prefill')
export const applicationGet = (id: number) => api.get('/api/enterprises/pilot-applications/{app_id}', app(id))
export const applicationCreate = (body: ApplicationCreateIn) => api.post('/api/enterprises/pilot-applications', { body })
export const applicationUpdate = (id: number, body: ApplicationUpdateIn) =>
  api.patch('/api/enterprises/pilot-applications/{app_id}', { ...app(id), body })
export const applicationSubmit = (id: number) => api.post('/api/enterprises/pilot-applications/{app_id}/submit', app(id))
export const applicationResubmit = (id: number, note = '') =>
  api.post('/api/enterprises/pilot-applications/{app_id}/resubmit', { ...app(id), body: { note } })
export const applicationWithdraw = (id: number) =>
  api.post('/api/enterprises/pilot-applications/{app_id}/withdraw', app(id))
export const applicationScore = (id: number, marks: Record<string, string>, opinion: string) =>
  api.post('/api/enterprises/pilot-applications/{app_id}/scores', { ...app(id), body: { marks, opinion } })
export const applicationFinalize = (id: number) =>
  api.post('/api/enterprises/pilot-applications/{app_id}/finalize', app(id))

// 公示与异议
export const publicityList = (query: ListQuery) =>
  api.get('/api/enterprises/publicity', { query: query as QueryOf<'/api/enterprises/publicity', 'get'> })
export const objectionFile = (id: number, content: string, evidenceId?: string | null) =>
  api.post('/api/enterprises/publicity/{app_id}/objections', {
    ...app(id),
    body: { content, evidence_id: evidenceId ?? null },
  })
export const objectionList = (query: ListQuery) =>
  api.get('/api/enterprises/objections', { query: query as QueryOf<'/api/enterprises/objections', 'get'> })
export const objectionHandle = (objectionId: number, upheld: boolean, resolution: string) =>
  api.post('/api/enterprises/objections/{objection_id}/handle', {
    path: { objection_id: objectionId },
    body: { upheld, resolution },
  })

// 试点企业库
const pilot = (pilot_id: number) => ({ path: { pilot_id } })
export const pilotList = (query: ListQuery) =>
  api.get('/api/enterprises/pilots', { query: query as QueryOf<'/api/enterprises/pilots', 'get'> })
export const pilotGet = (id: number) => api.get('/api/enterprises/pilots/{pilot_id}', pilot(id))
export const pilotDisable = (id: number, reason: string) =>
  api.post('/api/enterprises/pilots/{pilot_id}/disable', { ...pilot(id), body: { reason } })
export const pilotEnable = (id: number, reason: string) =>
  api.post('/api/enterprises/pilots/{pilot_id}/enable', { ...pilot(id), body: { reason } })
export const pilotArchiveDownload = (id: number, name?: string) =>
  download(`/api/enterprises/pilots/${id}/archive`, undefined, name ?? `试点企业档案-${id}.zip`)

// 招聘信息
const post = (post_id: number) => ({ path: { post_id } })
export const postList = (query: ListQuery) =>
  api.get('/api/enterprises/recruitment', { query: query as QueryOf<'/api/enterprises/recruitment', 'get'> })
export const postPublicList = (query: ListQuery) =>
  api.get('/api/enterprises/recruitment/public', {
    query: query as QueryOf<'/api/enterprises/recruitment/public', 'get'>,
  })
export const postCreate = (body: PostCreateIn) => api.post('/api/enterprises/recruitment', { body })
export const postUpdate = (id: number, body: PostUpdateIn) =>
  api.patch('/api/enterprises/recruitment/{post_id}', { ...post(id), body })
export const postSubmit = (id: number) => api.post('/api/enterprises/recruitment/{post_id}/submit', post(id))
export const postWithdraw = (id: number) => api.post('/api/enterprises/recruitment/{post_id}/withdraw', post(id))
