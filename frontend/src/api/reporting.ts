/** /api/reporting — the national platform outbox and the 绩效 snapshots. One function per endpoint. */
import { download } from './http'
import type { components } from './schema'
import { api, type QueryOf } from './typed'
import type { ListQuery } from './types'

type S = components['schemas']
export type OutboxRow = S['OutboxOut']
export type OutboxDetail = S['OutboxDetailOut']
export type Transport = S['TransportOut']
export type Plan = S['PlanOut']
export type SnapshotRow = S['SnapshotOut']
export type SnapshotDetail = S['SnapshotDetailOut']

export const transportGet = () => api.get('/api/reporting/transport')
export const outboxList = (query: ListQuery) =>
  api.get('/api/reporting/outbox', { query: query as QueryOf<'/api/reporting/outbox', 'get'> })
export const outboxGet = (id: number) => api.get('/api/reporting/outbox/{record_id}', { path: { record_id: id } })
export const outboxResend = (id: number) =>
  api.post('/api/reporting/outbox/{record_id}/resend', { path: { record_id: id } })
export const outboxCollect = () => api.post('/api/reporting/collect')

export const planGet = () => api.get('/api/reporting/plan')
export const snapshotList = (query: ListQuery) =>
  api.get('/api/reporting/snapshots', { query: query as QueryOf<'/api/reporting/snapshots', 'get'> })
export const snapshotCreate = (period: string) => api.post('/api/reporting/snapshots', { body: { period } })
export const snapshotGet = (id: number) =>
  api.get('/api/reporting/snapshots/{snapshot_id}', { path: { snapshot_id: id } })
export const snapshotConfirm = (id: number) =>
  api.post('/api/reporting/snapshots/{snapshot_id}/confirm', { path: { snapshot_id: id } })
export const snapshotExcel = (id: number, period: string) =>
  download(`/api/reporting/snapshots/${id}/export.xlsx`, undefined, `绩效指标-${period}.xlsx`)
export const snapshotJson = (id: number, period: string) =>
  download(`/api/reporting/snapshots/${id}/export.json`, undefined, `绩效指标-${period}.json`)
