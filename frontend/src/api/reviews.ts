import { api, type QueryOf } from './typed'
import type { ListQuery, ReviewAction } from './types'

export type ReviewBox = 'todo' | 'done' | 'mine'

const BOX_PATHS = { todo: '/api/reviews/todo', done: '/api/reviews/done', mine: '/api/reviews/mine' } as const

/** GET /api/reviews/todo | done | mine */
export const reviewList = (box: ReviewBox, query: ListQuery) =>
  api.get(BOX_PATHS[box], { query: query as QueryOf<'/api/reviews/todo', 'get'> })
export const reviewGet = (reviewId: number) => api.get('/api/reviews/{review_id}', { path: { review_id: reviewId } })

const ACTION_PATHS = {
  approve: '/api/reviews/{review_id}/approve',
  reject: '/api/reviews/{review_id}/reject',
  return: '/api/reviews/{review_id}/return',
} as const

/** POST /api/reviews/{id}/approve | reject | return — opinion is required for reject and return. */
export const reviewAct = (reviewId: number, action: ReviewAction, opinion: string) =>
  api.post(ACTION_PATHS[action], { path: { review_id: reviewId }, body: { opinion } })
/** POST /api/reviews/{id}/withdraw — the submitter takes it back before a decision. */
export const reviewWithdraw = (reviewId: number) => api.post('/api/reviews/{review_id}/withdraw', { path: { review_id: reviewId } })
/** GET /api/reviews/{id}/materials — the submitted form, attachments, automatic findings, history, opinions. */
export const reviewMaterials = (reviewId: number) =>
  api.get('/api/reviews/{review_id}/materials', { path: { review_id: reviewId } })
/** GET /api/reviews/{id}/attachments/{file_id} — an attachment of the item's materials (inline = preview). */
export const reviewAttachmentUrl = (reviewId: number, fileId: string, inline = false): string =>
  `/api/reviews/${reviewId}/attachments/${encodeURIComponent(fileId)}${inline ? '?inline=true' : ''}`
