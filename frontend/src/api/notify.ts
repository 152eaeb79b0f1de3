import { http } from './http'
import type { ListQuery, MessageOut, Page } from './types'

export const messageList = (query: ListQuery) => http.get<Page<MessageOut>>('/notify/messages', query)
export const unreadCount = () => http.get<{ count: number }>('/notify/unread-count', undefined, { silent: true })
export const messageRead = (id: number) => http.post<void>(`/notify/messages/${id}/read`)
export const messageReadAll = () => http.post<void>('/notify/messages/read-all')
