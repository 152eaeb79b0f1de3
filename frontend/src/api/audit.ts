import { api, type QueryOf } from './typed'
import type { ListQuery } from './types'


export const auditRecordList = (query: ListQuery) =>
  api.get('/api/audit/records', { query: query as QueryOf<'/api/audit/records', 'get'> })
/** GET /api/audit/verify — walks the HMAC-SM3 chain; any edited or deleted record breaks it. */
export const auditChainVerify = () => api.get('/api/audit/verify')
