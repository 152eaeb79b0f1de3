// PROVISIONAL: /api/tasks is not in openapi.json yet (router not mounted); plain http
// with the hand-written TaskOut until it is, then switch to `api.get('/api/tasks', …)`.
import { http } from './http'
import type { ListQuery, Page, TaskOut } from './types'

export const taskList = (query: ListQuery) => http.get<Page<TaskOut>>('/tasks', query)
export const taskRetry = (taskId: string) => http.post<TaskOut>(`/tasks/${encodeURIComponent(taskId)}/retry`)
