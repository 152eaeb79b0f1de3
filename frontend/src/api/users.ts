import { api, type QueryOf } from './typed'
import type { ListQuery, RoleAssignmentIn, UserCreateIn, UserUpdateIn } from './types'


const id = (user_id: number) => ({ path: { user_id } })

export const userList = (query: ListQuery) => api.get('/api/users', { query: query as QueryOf<'/api/users', 'get'> })
export const userGet = (userId: number) => api.get('/api/users/{user_id}', id(userId))
export const userCreate = (body: UserCreateIn) => api.post('/api/users', { body })
export const userUpdate = (userId: number, body: UserUpdateIn) => api.patch('/api/users/{user_id}', { ...id(userId), body })
export const userDisable = (userId: number) => api.post('/api/users/{user_id}/disable', id(userId))
export const userEnable = (userId: number) => api.post('/api/users/{user_id}/enable', id(userId))
export const userUnlock = (userId: number) => api.post('/api/users/{user_id}/unlock', id(userId))
export const userPasswordReset = (userId: number, newPassword: string) =>
  api.post('/api/users/{user_id}/reset-password', { ...id(userId), body: { new_password: newPassword } })
export const userRolesSet = (userId: number, assignments: RoleAssignmentIn[]) =>
  api.put('/api/users/{user_id}/roles', { ...id(userId), body: { assignments } })
