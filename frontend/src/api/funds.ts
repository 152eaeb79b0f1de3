/**
 * /api/funds — 试点资金: fund sources, budget lines, the ledger (下达 / 承诺 / 拨付 / 冲销), reconciliation
 * and the integrity check. One typed function per endpoint.
 */
import type { components } from './schema'
import { api, type QueryOf } from './typed'
import type { ListQuery } from './types'

type S = components['schemas']
export type FundsMeta = S['MetaOut']
export type SourceRow = S['SourceOut']
export type SourceCreateIn = S['SourceCreateIn']
export type LineRow = S['LineOut']
export type LineCreateIn = S['LineCreateIn']
export type EntryRow = S['EntryOut']
export type AllocateIn = S['AllocateIn']
export type CommitIn = S['CommitIn']
export type DisburseIn = S['DisburseIn']
export type Reconciliation = S['ReconcileOut']
export type Totals = S['TotalsOut']
export type Integrity = S['IntegrityOut']
export type ReconcileBy = 'source' | 'county' | 'enterprise' | 'project'

export const fundsMeta = () => api.get('/api/funds/meta')
export const sourceList = (query: ListQuery = {}) =>
  api.get('/api/funds/sources', { query: query as QueryOf<'/api/funds/sources', 'get'> })
export const sourceCreate = (body: SourceCreateIn) => api.post('/api/funds/sources', { body })
export const lineList = (query: ListQuery = {}) =>
  api.get('/api/funds/lines', { query: query as QueryOf<'/api/funds/lines', 'get'> })
export const lineCreate = (body: LineCreateIn) => api.post('/api/funds/lines', { body })
export const fundsTotals = (year?: number) => api.get('/api/funds/totals', { query: year ? { year } : {} })
export const lineAllocate = (lineId: number, body: AllocateIn) =>
  api.post('/api/funds/lines/{line_id}/allocate', { path: { line_id: lineId }, body })
export const lineCommit = (lineId: number, body: CommitIn) =>
  api.post('/api/funds/lines/{line_id}/commit', { path: { line_id: lineId }, body })
export const commitmentDisburse = (commitmentId: number, body: DisburseIn) =>
  api.post('/api/funds/commitments/{commitment_id}/disburse', { path: { commitment_id: commitmentId }, body })
export const entryReverse = (entryId: number, reason: string) =>
  api.post('/api/funds/entries/{entry_id}/reverse', { path: { entry_id: entryId }, body: { reason, reference: '' } })
export const entryList = (query: ListQuery = {}) =>
  api.get('/api/funds/entries', { query: query as QueryOf<'/api/funds/entries', 'get'> })
export const reconciliationGet = (by: ReconcileBy, year?: number) =>
  api.get('/api/funds/reconciliation', { query: { by, page: 1, page_size: 50, ...(year ? { year } : {}) } })
export const integrityGet = () => api.get('/api/funds/integrity')

// --- 补贴申请 (subsidies): computed amount, list and detail, tranches with vouchers, 奖补名单 ---
export type SubsidyPreview = S['SubsidyPreviewOut']
export type SubsidyClaim = S['SubsidyClaimOut']
export type SubsidyDisburseIn = S['SubsidyDisburseIn']
export type PublicSubsidy = S['PublicSubsidyOut']

export const subsidyPreview = () => api.get('/api/funds/subsidies/preview')
export const subsidyList = (query: ListQuery = {}) =>
  api.get('/api/funds/subsidies', { query: query as QueryOf<'/api/funds/subsidies', 'get'> })
export const subsidyGet = (id: number) => api.get('/api/funds/subsidies/{claim_id}', { path: { claim_id: id } })
export const subsidyDisburse = (id: number, body: SubsidyDisburseIn) =>
  api.post('/api/funds/subsidies/{claim_id}/disburse', { path: { claim_id: id }, body })
export const publicSubsidyList = (query: ListQuery = {}) =>
  api.get('/api/funds/public/subsidies', { query: query as QueryOf<'/api/funds/public/subsidies', 'get'> })
