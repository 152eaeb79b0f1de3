/** /api/providers — provider selection, pool, products and solutions, ratings. One function per endpoint. */
import type { components } from './schema'
import { api, type QueryOf } from './typed'
import type { ListQuery } from './types'

type S = components['schemas']
export type ProviderBatch = S['ProviderBatchOut']
export type ProviderBatchCreateIn = S['ProviderBatchCreateIn']
export type ProviderApplication = S['ProviderApplicationOut']
export type ProviderApplicationCreateIn = S['ProviderApplicationCreateIn']
export type ProviderApplicationUpdateIn = S['ProviderApplicationUpdateIn']
export type PoolMember = S['ProviderPoolOut']
export type Product = S['ProductOut']
export type ProductIn = S['ProductIn']
export type ProductUpdateIn = S['ProductUpdateIn']
export type Scenario = S['ProviderScenarioOut']


/** Pool actions the back end accepts at POST /api/providers/pool/{id}/{action}. */
export type PoolAction = 'warn' | 'disable' | 'exit' | 'restore'

// 遴选批次
export const providerBatchList = (query: ListQuery) =>
  api.get('/api/providers/batches', { query: query as QueryOf<'/api/providers/batches', 'get'> })
export const providerBatchCreate = (body: ProviderBatchCreateIn) => api.post('/api/providers/batches', { body })

// 入库申请
const app = (app_id: number) => ({ path: { app_id } })
export const providerApplicationList = (query: ListQuery) =>
  api.get('/api/providers/applications', { query: query as QueryOf<'/api/providers/applications', 'get'> })
export const providerApplicationGet = (id: number) => api.get('/api/providers/applications/{app_id}', app(id))
export const providerApplicationCreate = (body: ProviderApplicationCreateIn) =>
  api.post('/api/providers/applications', { body })
export const providerApplicationUpdate = (id: number, body: ProviderApplicationUpdateIn) =>
  api.patch('/api/providers/applications/{app_id}', { ...app(id), body })
export const providerApplicationSubmit = (id: number) => api.post('/api/providers/applications/{app_id}/submit', app(id))
export const providerApplicationResubmit = (id: number, note = '') =>
  api.post('/api/providers/applications/{app_id}/resubmit', { ...app(id), body: { note } })
export const providerApplicationWithdraw = (id: number) =>
  api.post('/api/providers/applications/{app_id}/withdraw', app(id))
export const providerApplicationScore = (id: number, marks: Record<string, string>, opinion: string) =>
  api.post('/api/providers/applications/{app_id}/scores', { ...app(id), body: { marks, opinion } })
export const providerApplicationFinalize = (id: number) =>
  api.post('/api/providers/applications/{app_id}/finalize', app(id))

// 服务商库
export const poolList = (query: ListQuery) =>
  api.get('/api/providers/pool', { query: query as QueryOf<'/api/providers/pool', 'get'> })
export const poolGet = (memberId: number) => api.get('/api/providers/pool/{member_id}', { path: { member_id: memberId } })
export const poolAct = (memberId: number, action: PoolAction, reason: string) =>
  api.post('/api/providers/pool/{member_id}/{action}', { path: { member_id: memberId, action }, body: { reason } })

// 产品与解决方案
const product = (product_id: number) => ({ path: { product_id } })
export const scenarioList = () => api.get('/api/providers/scenarios')
export const catalogueList = (query: ListQuery) =>
  api.get('/api/providers/catalogue', { query: query as QueryOf<'/api/providers/catalogue', 'get'> })
export const productList = (query: ListQuery) =>
  api.get('/api/providers/products', { query: query as QueryOf<'/api/providers/products', 'get'> })
export const productCreate = (body: ProductIn) => api.post('/api/providers/products', { body })
export const productUpdate = (id: number, body: ProductUpdateIn) =>
  api.patch('/api/providers/products/{product_id}', { ...product(id), body })
export const productSubmit = (id: number) => api.post('/api/providers/products/{product_id}/submit', product(id))
export const productOffline = (id: number, reason: string) =>
  api.post('/api/providers/products/{product_id}/offline', { ...product(id), body: { reason } })

// 评级、申诉与投诉: ./providerRatings.ts
