import { http } from './http'
import type { RegionCreateIn, RegionNode, RegionUpdateIn } from './types'

/** GET /api/regions/tree — `publicPage` for the self-registration page (no login redirect). */
export const regionTree = (publicPage = false) =>
  http.get<RegionNode[]>('/regions/tree', undefined, publicPage ? { skipAuthRedirect: true } : {})
export const regionCreate = (body: RegionCreateIn) => http.post<RegionNode>('/regions', body)
export const regionUpdate = (code: string, body: RegionUpdateIn) => http.patch<RegionNode>(`/regions/${code}`, body)
