/** /api/exports — every list export is a background job: start, follow, download, 我的导出. One function per endpoint. */
import { download } from './http'
import type { components } from './schema'
import { api, type QueryOf } from './typed'
import type { ListQuery } from './types'

type S = components['schemas']
export type ExportJob = S['ExportJobOut']
/** The registered kinds (backend `<app>/exports.py`). */
export type ExportKind =
  | 'orgs'
  | 'users'
  | 'login_logs'
  | 'audit_records'
  | 'assessment_analysis'
  | 'projects'
  | 'provider_pool'
  | 'cultivation_library'
  | 'pilots'
  | 'campaign_submissions'
  | 'subsidies'
  | 'insights_progress'

export const exportStart = (kind: ExportKind, params: Record<string, unknown>) =>
  api.post('/api/exports', { body: { kind, params } })
export const exportGet = (id: number) => api.get('/api/exports/{export_id}', { path: { export_id: id } })
export const exportList = (query: ListQuery) =>
  api.get('/api/exports', { query: query as QueryOf<'/api/exports', 'get'> })
export const exportDownload = (job: Pick<ExportJob, 'id' | 'file_name'>) =>
  download(`/api/exports/${job.id}/download`, undefined, job.file_name || '导出.xlsx')
