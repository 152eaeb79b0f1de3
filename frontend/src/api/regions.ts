import { api } from './typed'
import type { RegionCreateIn, RegionUpdateIn } from './types'

/** GET /api/regions/tree — public reference data; `publicPage` for self-registration (no login redirect). */
export const regionTree = (publicPage = false, includeInactive = false) =>
  api.get('/api/regions/tree', {
    ...(publicPage ? { skipAuthRedirect: true } : {}),
    ...(includeInactive ? { query: { include_inactive: true } } : {}),
  })
export const regionCreate = (body: RegionCreateIn) => api.post('/api/regions', { body })
export const regionUpdate = (code: string, body: RegionUpdateIn) => api.patch('/api/regions/{code}', { path: { code }, body })
