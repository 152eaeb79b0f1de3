import { api } from './typed'
import type { DictItemIn, DictItemUpdateIn, DictTypeIn } from './types'

export const dictTypeList = () => api.get('/api/dicts')
export const dictTypeCreate = (body: DictTypeIn) => api.post('/api/dicts', { body })
export const dictItemList = (code: string) => api.get('/api/dicts/{code}/items', { path: { code } })
export const dictItemCreate = (code: string, body: DictItemIn) => api.post('/api/dicts/{code}/items', { path: { code }, body })
export const dictItemUpdate = (itemId: number, body: DictItemUpdateIn) =>
  api.patch('/api/dicts/items/{item_id}', { path: { item_id: itemId }, body })
export const dictItemDelete = (itemId: number) => api.delete('/api/dicts/items/{item_id}', { path: { item_id: itemId } })
