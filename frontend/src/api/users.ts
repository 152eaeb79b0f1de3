import { http } from './http'
import type { ListQuery, Page, RoleAssignmentIn, UserCreateIn, UserOut, UserUpdateIn } from './types'

export const USER_EXPORT_PATH = '/users/export'

export const userList = (query: ListQuery) => http.get<Page<UserOut>>('/users', query)
export const userGet = (id: number) => http.get<UserOut>(`/users/${id}`)
export const userCreate = (body: UserCreateIn) => http.post<UserOut>('/users', body)
export const userUpdate = (id: number, body: UserUpdateIn) => http.patch<UserOut>(`/users/${id}`, body)
export const userDisable = (id: number) => http.post<UserOut>(`/users/${id}/disable`)
export const userEnable = (id: number) => http.post<UserOut>(`/users/${id}/enable`)
export const userUnlock = (id: number) => http.post<UserOut>(`/users/${id}/unlock`)
export const userPasswordReset = (id: number, newPassword: string) =>
  http.post<void>(`/users/${id}/reset-password`, { new_password: newPassword })
export const userRolesSet = (id: number, assignments: RoleAssignmentIn[]) =>
  http.put<UserOut>(`/users/${id}/roles`, { assignments })
