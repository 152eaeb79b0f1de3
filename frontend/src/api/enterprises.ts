/** /api/enterprises — 一企一档, bulk import, pilot library, recruitment (pilot selection: /api/applications). */
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
export type Pilot = S['PilotOut']
export type RecruitmentPost = S['PostOut']
export type PublicRecruitmentPost = S['PostPublicOut']
export type PostCreateIn = S['PostCreateIn']
export type PostUpdateIn = S['PostUpdateIn']


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
