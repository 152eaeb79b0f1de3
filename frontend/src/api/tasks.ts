import { api, type QueryOf } from './typed'
import type { ListQuery } from './types'

export const taskList = (query: ListQuery) => api.get('/api/tasks', { query: query as QueryOf<'/api/tasks', 'get'> })
/** POST /api/tasks/{id}/retry — enqueues a new task (201) that remembers the failed one. */
export const taskRetry = (taskId: string) => api.post('/api/tasks/{task_id}/retry', { path: { task_id: taskId } })
