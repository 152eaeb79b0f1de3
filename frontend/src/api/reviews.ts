import { http } from './http'
import type { ListQuery, Page, ReviewAction, ReviewDetailOut, ReviewOut } from './types'

export type ReviewBox = 'todo' | 'done' | 'mine'

/** GET /api/reviews/todo | done | mine */
export const reviewList = (box: ReviewBox, query: ListQuery) => http.get<Page<ReviewOut>>(`/reviews/${box}`, query)
export const reviewGet = (id: number) => http.get<ReviewDetailOut>(`/reviews/${id}`)
/** POST /api/reviews/{id}/approve | reject | return — opinion is required for reject and return. */
export const reviewAct = (id: number, action: ReviewAction, opinion: string) =>
  http.post<ReviewDetailOut>(`/reviews/${id}/${action}`, { opinion })
