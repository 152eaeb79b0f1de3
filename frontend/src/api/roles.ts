import { http, type RequestOptions } from './http'
import type { PermissionOut, RoleIn, RoleOut } from './types'

/** GET /api/roles — answered as a plain list or as a page; both are accepted. */
export async function roleList(query: { q?: string } = {}, opts: Pick<RequestOptions, 'silent'> = {}): Promise<RoleOut[]> {
  const body = await http.get<RoleOut[] | { items: RoleOut[] }>('/roles', { page_size: 200, ...query }, opts)
  return Array.isArray(body) ? body : body.items
}
export const roleCreate = (body: RoleIn) => http.post<RoleOut>('/roles', body)
export const roleUpdate = (id: number, body: Partial<RoleIn>) => http.patch<RoleOut>(`/roles/${id}`, body)
export const roleDelete = (id: number) => http.delete(`/roles/${id}`)
export const permissionList = () => http.get<PermissionOut[]>('/permissions')
