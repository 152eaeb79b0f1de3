/** /api/projects — diagnosis and transformation projects, electronic contracts. One function per endpoint. */
import { download, request } from './http'
import type { components } from './schema'
import { api, type QueryOf } from './typed'
import type { ListQuery } from './types'

type S = components['schemas']
export type Project = S['ProjectOut']
export type ProjectDetail = S['ProjectDetailOut']
export type ProjectCreateIn = S['ProjectCreateIn']
export type ProviderCandidate = S['CandidateOut']
export type Contract = S['ContractOut']
export type ContractSignature = S['SignatureOut']
export type ProjectEvent = S['EventOut']
export type Milestone = S['MilestoneOut']
export type LogEntry = S['LogOut']
export type Investment = S['InvestmentOut']
export type InvestmentIn = S['InvestmentIn']
export type AcceptanceIn = S['AcceptanceIn']
export type VerifyResult = S['VerifyOut']
export type ProjectCounts = S['CountsOut']
export type DiagnosisFinding = S['DiagnosisFindingOut']
export type DiagnosisFindingIn = S['DiagnosisFindingIn']


/** Actions taken at POST /api/projects/{id}/actions/{action} by a party. */
export type ProjectAction = 'confirm' | 'decline' | 'cancel' | 'confirm_report' | 'return_report' | 'complete'

const pid = (project_id: number) => ({ path: { project_id } })

export const projectList = (query: ListQuery) =>
  api.get('/api/projects', { query: query as QueryOf<'/api/projects', 'get'> })
export const projectCounts = () => api.get('/api/projects/counts')
export const projectGet = (id: number) => api.get('/api/projects/{project_id}', pid(id))
export const projectCreate = (body: ProjectCreateIn) => api.post('/api/projects', { body })
export const providerCandidates = (query: ListQuery) =>
  api.get('/api/projects/providers', { query: query as QueryOf<'/api/projects/providers', 'get'> })
export const projectAct = (id: number, action: ProjectAction, note = '') =>
  api.post('/api/projects/{project_id}/actions/{action}', { path: { project_id: id, action }, body: { note } })

// 电子合同
export const contractRender = (id: number) => api.post('/api/projects/{project_id}/contract', pid(id))
export const contractSign = (id: number) => api.post('/api/projects/{project_id}/contract/sign', pid(id))
export const contractPdfDownload = (contractId: number, name = '合同.pdf') =>
  download(`/api/projects/contracts/${contractId}/contract.pdf`, undefined, name)
export const contractSignaturesDownload = (contractId: number, name = 'signatures.json') =>
  download(`/api/projects/contracts/${contractId}/signatures.json`, undefined, name)
/** No login needed: the PDF and optionally the signature bundle. */
export function contractVerify(file: File, signatures?: File | null): Promise<VerifyResult> {
  const form = new FormData()
  form.append('file', file)
  if (signatures) form.append('signatures', signatures)
  return request<VerifyResult>('POST', '/api/projects/contracts/verify', { body: form })
}

// 诊断报告、备案
export const reportSubmit = (id: number, attachmentId: string, beforeAssessmentId: number) =>
  api.post('/api/projects/{project_id}/report', {
    ...pid(id),
    body: { attachment_id: attachmentId, before_assessment_id: beforeAssessmentId },
  })
/** 诊断发现: the provider saves the whole list (until the enterprise confirms the report). */
export const findingsSave = (id: number, findings: DiagnosisFindingIn[]) =>
  api.put('/api/projects/{project_id}/findings', { ...pid(id), body: { findings } })
export const filingSubmit = (id: number, note = '') =>
  api.post('/api/projects/{project_id}/filing', { ...pid(id), body: { note } })

// 实施：里程碑、实施日志、投资清单
export const milestoneAdd = (id: number, name: string, plannedDate: string) =>
  api.post('/api/projects/{project_id}/milestones', { ...pid(id), body: { name, planned_date: plannedDate } })
export const milestoneDone = (id: number, milestoneId: number, actualDate: string) =>
  api.post('/api/projects/{project_id}/milestones/{milestone_id}/done', {
    path: { project_id: id, milestone_id: milestoneId },
    body: { actual_date: actualDate },
  })
export const logAdd = (id: number, content: string, attachmentIds: string[], isMajorChange: boolean) =>
  api.post('/api/projects/{project_id}/logs', {
    ...pid(id),
    body: { content, attachment_ids: attachmentIds, is_major_change: isMajorChange },
  })
export const changeDecide = (entryId: number, approve: boolean, opinion = '') =>
  api.post('/api/projects/logs/{entry_id}/decide', { path: { entry_id: entryId }, body: { approve, opinion } })
export const investmentAdd = (id: number, body: InvestmentIn) =>
  api.post('/api/projects/{project_id}/investments', { ...pid(id), body })

// 验收
export const acceptanceApply = (id: number, body: AcceptanceIn) =>
  api.post('/api/projects/{project_id}/acceptance', { ...pid(id), body })
