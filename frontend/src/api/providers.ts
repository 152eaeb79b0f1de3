/** /api/providers — pool, products and solutions, ratings. One function per endpoint. */
import type { components } from './schema'
import { api, type QueryOf } from './typed'
import type { ListQuery } from './types'

type S = components['schemas']
export type PoolMember = S['ProviderPoolOut']
export type Product = S['ProductOut']
export type ProductIn = S['ProductIn']
export type ProductUpdateIn = S['ProductUpdateIn']
export type Scenario = S['ProviderScenarioOut']


/** Pool actions the back end accepts at POST /api/providers/pool/{id}/{action}. */
export type PoolAction = 'warn' | 'disable' | 'exit' | 'restore'

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
