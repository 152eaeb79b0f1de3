import { api, type QueryOf } from './typed'
import type { ListQuery } from './types'

export const messageList = (query: ListQuery) =>
  api.get('/api/notify/messages', { query: query as QueryOf<'/api/notify/messages', 'get'> })
export const unreadCount = () => api.get('/api/notify/unread-count', { silent: true })
export const messageRead = (messageId: number) => api.post('/api/notify/messages/{message_id}/read', { path: { message_id: messageId } })
export const messageReadAll = () => api.post('/api/notify/messages/read-all')
