import { http } from './http'
import type { ListQuery, OrgIn, OrgOut, OrgRegisterIn, Page } from './types'

export const ORG_EXPORT_PATH = '/orgs/export'

export const orgList = (query: ListQuery) => http.get<Page<OrgOut>>('/orgs', query)
export const orgGet = (id: number) => http.get<OrgOut>(`/orgs/${id}`)
export const orgCreate = (body: OrgIn) => http.post<OrgOut>('/orgs', body)
export const orgUpdate = (id: number, body: Partial<OrgIn>) => http.patch<OrgOut>(`/orgs/${id}`, body)
export const orgDisable = (id: number, reason: string) => http.post<OrgOut>(`/orgs/${id}/disable`, { reason })
export const orgEnable = (id: number) => http.post<OrgOut>(`/orgs/${id}/enable`)
/** Public self-registration: creates a pending org and its first user; the county reviews it. */
export const orgRegister = (body: OrgRegisterIn) =>
  http.post<unknown>('/orgs/register', body, { silent: true, skipAuthRedirect: true })
