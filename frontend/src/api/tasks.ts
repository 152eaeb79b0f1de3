import { http } from './http'
import type { ListQuery, Page, TaskOut } from './types'

export const taskList = (query: ListQuery) => http.get<Page<TaskOut>>('/tasks', query)
export const taskRetry = (id: string | number) => http.post<TaskOut>(`/tasks/${id}/retry`)
