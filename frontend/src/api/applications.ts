/** /api/applications — the application engine (申报): templates, campaigns, submissions, pre-review, results. */
import { download } from './http'
import type { components } from './schema'
import { api, type QueryOf } from './typed'
import type { ListQuery } from './types'

type S = components['schemas']
export type TemplateRow = S['TemplateRowOut']
export type TemplateDetail = S['TemplateDetailOut']
export type TemplateVersion = S['VersionOut']
export type Fact = S['FactOut']
export type CampaignRow = S['CampaignRowOut']
export type CampaignDetail = S['CampaignDetailOut']
export type CampaignIn = S['CampaignIn']
export type OpenCampaign = S['OpenCampaignOut']
export type Prefill = S['ApplicationPrefillOut']
export type LiveCheck = S['LiveCheckOut']
export type Indicator = S['IndicatorOut']
export type Finding = S['FindingOut']
export type SubmissionRow = S['SubmissionRowOut']
export type SubmissionDetail = S['SubmissionDetailOut']
export type FormDataIn = S['FormDataIn']
export type PublicRow = S['PublicRowOut']

// templates (designer)
export const factList = () => api.get('/api/applications/facts')
export const resultHandlerList = () => api.get('/api/applications/result-handlers')
export const campaignKindList = () => api.get('/api/applications/campaign-kinds')
export const templateCheck = (form: Record<string, unknown>) => api.post('/api/applications/templates/check', { body: { form } })
export const templateList = (query: ListQuery) =>
  api.get('/api/applications/templates', { query: query as QueryOf<'/api/applications/templates', 'get'> })
export const templateGet = (id: number) => api.get('/api/applications/templates/{template_id}', { path: { template_id: id } })
export const templateCreate = (body: S['TemplateIn']) => api.post('/api/applications/templates', { body })
export const templateUpdate = (id: number, body: S['TemplateUpdateIn']) =>
  api.put('/api/applications/templates/{template_id}', { path: { template_id: id }, body })
export const templateVersionPublish = (id: number, versionId: number) =>
  api.post('/api/applications/templates/{template_id}/versions/{version_id}/publish', {
    path: { template_id: id, version_id: versionId },
  })

// campaigns
export const campaignList = (query: ListQuery) =>
  api.get('/api/applications/campaigns', { query: query as QueryOf<'/api/applications/campaigns', 'get'> })
export const campaignGet = (id: number) => api.get('/api/applications/campaigns/{campaign_id}', { path: { campaign_id: id } })
export const campaignCreate = (body: CampaignIn) => api.post('/api/applications/campaigns', { body })
export const campaignUpdate = (id: number, body: S['CampaignUpdateIn']) =>
  api.patch('/api/applications/campaigns/{campaign_id}', { path: { campaign_id: id }, body })
export const campaignOpen = (id: number) => api.post('/api/applications/campaigns/{campaign_id}/open', { path: { campaign_id: id } })
export const campaignClose = (id: number) => api.post('/api/applications/campaigns/{campaign_id}/close', { path: { campaign_id: id } })
export const campaignOpenList = () => api.get('/api/applications/campaigns/open')
export const campaignPrefill = (id: number) =>
  api.get('/api/applications/campaigns/{campaign_id}/prefill', { path: { campaign_id: id } })
export const campaignValidate = (id: number, body: FormDataIn, signal?: AbortSignal) =>
  api.post('/api/applications/campaigns/{campaign_id}/validate', { path: { campaign_id: id }, body, signal, silent: true })

// submissions
export const submissionCreate = (campaignId: number, body: FormDataIn) =>
  api.post('/api/applications/campaigns/{campaign_id}/submissions', { path: { campaign_id: campaignId }, body })
export const submissionList = (query: ListQuery) =>
  api.get('/api/applications/submissions', { query: query as QueryOf<'/api/applications/submissions', 'get'> })
export const submissionGet = (id: number) =>
  api.get('/api/applications/submissions/{submission_id}', { path: { submission_id: id } })
export const submissionSave = (id: number, body: FormDataIn, silent = false) =>
  api.patch('/api/applications/submissions/{submission_id}', { path: { submission_id: id }, body, silent })
export const submissionSubmit = (id: number, body: FormDataIn) =>
  api.post('/api/applications/submissions/{submission_id}/submit', { path: { submission_id: id }, body })
export const submissionWithdraw = (id: number) =>
  api.post('/api/applications/submissions/{submission_id}/withdraw', { path: { submission_id: id } })
export const indicatorOverride = (id: number, body: S['OverrideIn']) =>
  api.post('/api/applications/submissions/{submission_id}/overrides', { path: { submission_id: id }, body })
export const submissionScore = (id: number, body: S['SubmissionScoreIn']) =>
  api.post('/api/applications/submissions/{submission_id}/scores', { path: { submission_id: id }, body })
export const submissionFinalize = (id: number) =>
  api.post('/api/applications/submissions/{submission_id}/finalize', { path: { submission_id: id } })
export const submissionPdf = (id: number, name: string) =>
  download(`/api/applications/submissions/${id}/pdf`, undefined, `申报书-${name}.pdf`)
export const objectionList = (query: ListQuery) =>
  api.get('/api/applications/objections', { query: query as QueryOf<'/api/applications/objections', 'get'> })
export const objectionHandle = (id: number, upheld: boolean, resolution: string) =>
  api.post('/api/applications/objections/{objection_id}/handle', { path: { objection_id: id }, body: { upheld, resolution } })

// public
export const publicPublicity = (query: ListQuery) =>
  api.get('/api/applications/public/publicity', { query: query as QueryOf<'/api/applications/public/publicity', 'get'> })
export const publicObjection = (id: number, content: string) =>
  api.post('/api/applications/public/publicity/{submission_id}/objections', { path: { submission_id: id }, body: { content } })
export const publicResults = (query: ListQuery) =>
  api.get('/api/applications/public/results', { query: query as QueryOf<'/api/applications/public/results', 'get'> })
