import type { RequestOptions } from './http'
import { api } from './typed'
import type { RoleCreateIn, RoleUpdateIn } from './types'

/** GET /api/roles — the whole list (roles are few). */
export const roleList = (query: { q?: string } = {}, opts: Pick<RequestOptions, 'silent'> = {}) =>
  api.get('/api/roles', { query, ...opts })
export const roleCreate = (body: RoleCreateIn) => api.post('/api/roles', { body })
export const roleUpdate = (roleId: number, body: RoleUpdateIn) =>
  api.patch('/api/roles/{role_id}', { path: { role_id: roleId }, body })
export const roleDelete = (roleId: number) => api.delete('/api/roles/{role_id}', { path: { role_id: roleId } })
export const permissionList = () => api.get('/api/permissions')
