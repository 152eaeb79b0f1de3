import { http } from './http'
import type { DictItemIn, DictItemOut, DictTypeOut } from './types'

export const dictTypeList = () => http.get<DictTypeOut[]>('/dicts')
export const dictTypeCreate = (body: { code: string; name: string }) => http.post<DictTypeOut>('/dicts', body)
export const dictItemList = (code: string) => http.get<DictItemOut[]>(`/dicts/${code}/items`)
export const dictItemCreate = (code: string, body: DictItemIn) => http.post<DictItemOut>(`/dicts/${code}/items`, body)
export const dictItemUpdate = (id: number, body: Partial<DictItemIn>) =>
  http.patch<DictItemOut>(`/dicts/items/${id}`, body)
export const dictItemDelete = (id: number) => http.delete(`/dicts/items/${id}`)
