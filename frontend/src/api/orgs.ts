import { api, type QueryOf } from './typed'
import type { ListQuery, OrgCreateIn, OrgRegisterIn, OrgUpdateIn } from './types'


const id = (org_id: number) => ({ path: { org_id } })

export const orgList = (query: ListQuery) => api.get('/api/orgs', { query: query as QueryOf<'/api/orgs', 'get'> })
export const orgGet = (orgId: number) => api.get('/api/orgs/{org_id}', id(orgId))
export const orgCreate = (body: OrgCreateIn) => api.post('/api/orgs', { body })
export const orgUpdate = (orgId: number, body: OrgUpdateIn) => api.patch('/api/orgs/{org_id}', { ...id(orgId), body })
/** An org that was returned for revision: save the changes and send it back to review. */
export const orgResubmit = (orgId: number, body: OrgUpdateIn) =>
  api.post('/api/orgs/{org_id}/resubmit', { ...id(orgId), body })
export const orgDisable = (orgId: number, reason: string) =>
  api.post('/api/orgs/{org_id}/disable', { ...id(orgId), body: { reason } })
export const orgEnable = (orgId: number) => api.post('/api/orgs/{org_id}/enable', id(orgId))
/** Public self-registration: a pending org and its first user; the county reviews it. */
export const orgRegister = (body: OrgRegisterIn) =>
  api.post('/api/orgs/register', { body, silent: true, skipAuthRedirect: true })
/** Public check of a 统一社会信用代码 (format and check character). */
export const creditCodeCheck = (code: string) =>
  api.get('/api/orgs/check-credit-code', { query: { code }, silent: true, skipAuthRedirect: true })
