/**
 * /api/industry — 产业服务: chains (产业链), operating reports (数据上线), monitoring (线上监测),
 * benchmarking (线上对标分析) and results (成效展示). One typed function per endpoint.
 */
import { download } from './http'
import type { components } from './schema'
import { api, type QueryOf } from './typed'
import type { ListQuery } from './types'

type S = components['schemas']
export type IndustryMeta = S['IndustryMetaOut']
export type ChainRow = S['IndustryChainOut']
export type ChainDetail = S['IndustryChainDetailOut']
export type MemberRow = S['IndustryMemberOut']
export type ReportRow = S['IndustryReportOut']
export type ReportDetail = S['IndustryReportDetailOut']
export type ReportSaveIn = S['IndustryReportSaveIn']
export type ImportJob = S['IndustryImportOut']
export type Monitor = S['IndustryMonitorOut']
export type MonitorMember = S['IndustryMonitorMemberOut']
export type Benchmark = S['IndustryBenchmarkOut']
export type Results = S['IndustryResultsOut']

export const industryMeta = () => api.get('/api/industry/meta')
export const chainList = () => api.get('/api/industry/chains', { query: { page: 1, page_size: 50 } })
export const chainGet = (id: number) => api.get('/api/industry/chains/{chain_id}', { path: { chain_id: id } })
export const linkCreate = (id: number, body: S['IndustryLinkCreateIn']) =>
  api.post('/api/industry/chains/{chain_id}/links', { path: { chain_id: id }, body })
export const linkDelete = (id: number, linkId: number) =>
  api.delete('/api/industry/chains/{chain_id}/links/{link_id}', { path: { chain_id: id, link_id: linkId } })
export const memberList = (id: number, query: ListQuery = {}) =>
  api.get('/api/industry/chains/{chain_id}/members', {
    path: { chain_id: id },
    query: query as QueryOf<'/api/industry/chains/{chain_id}/members', 'get'>,
  })
export const memberAdd = (id: number, body: S['IndustryMemberIn']) =>
  api.post('/api/industry/chains/{chain_id}/members', { path: { chain_id: id }, body })
export const memberUpdate = (memberId: number, body: S['IndustryMemberUpdateIn']) =>
  api.put('/api/industry/members/{member_id}', { path: { member_id: memberId }, body })
export const memberRemove = (memberId: number) =>
  api.delete('/api/industry/members/{member_id}', { path: { member_id: memberId } })

export const reportList = (query: ListQuery = {}) =>
  api.get('/api/industry/reports', { query: query as QueryOf<'/api/industry/reports', 'get'> })
export const reportGet = (id: number) => api.get('/api/industry/reports/{report_id}', { path: { report_id: id } })
export const reportSave = (body: ReportSaveIn) => api.post('/api/industry/reports', { body })
export const reportSubmit = (id: number) =>
  api.post('/api/industry/reports/{report_id}/submit', { path: { report_id: id } })
export const reportConfirm = (id: number, note: string) =>
  api.post('/api/industry/reports/{report_id}/confirm', { path: { report_id: id }, body: { note } })
export const reportReturn = (id: number, note: string) =>
  api.post('/api/industry/reports/{report_id}/return', { path: { report_id: id }, body: { note } })

export const importTemplateDownload = () => download('/api/industry/imports/template', undefined, '经营数据导入模板.xlsx')
export function importStart(file: File) {
  const form = new FormData()
  form.append('file', file)
  return api.post('/api/industry/imports', { body: form })
}
export const importGet = (id: number) => api.get('/api/industry/imports/{import_id}', { path: { import_id: id } })

export const monitoringGet = (query: QueryOf<'/api/industry/monitoring', 'get'>) =>
  api.get('/api/industry/monitoring', { query })
export const monitoringMembers = (query: ListQuery = {}) =>
  api.get('/api/industry/monitoring/enterprises', {
    query: query as QueryOf<'/api/industry/monitoring/enterprises', 'get'>,
  })
export const benchmarkGet = (orgId: number, query: QueryOf<'/api/industry/benchmark/{org_id}', 'get'> = {}) =>
  api.get('/api/industry/benchmark/{org_id}', { path: { org_id: orgId }, query })
export const resultsGet = (chainId: number, indicator: string) =>
  api.get('/api/industry/chains/{chain_id}/results', { path: { chain_id: chainId }, query: { indicator } })
