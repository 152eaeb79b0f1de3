/** /api/providers rating endpoints — scheme, scorecards, appeals, complaints. One function per endpoint. */
import type { components } from './schema'
import { api, type QueryOf } from './typed'
import type { ListQuery } from './types'

type S = components['schemas']
export type RatingScheme = S['RatingSchemeOut']
export type RatingSchemeIn = S['RatingSchemeIn']
export type RatingDimension = S['RatingDimensionOut']
export type Scorecard = S['ProviderRatingOut']
export type ScorecardDimension = S['ScorecardDimensionOut']
export type ManualScoresIn = S['ProviderRatingIn']
export type RatingComputeResult = S['RatingComputeOut']
export type Appeal = S['ProviderAppealOut']
export type AppealDetail = S['ProviderAppealDetailOut']
export type AppealDecideIn = S['ProviderAppealDecideIn']
export type Complaint = S['ComplaintOut']
export type ComplaintIn = S['ComplaintIn']
export type ComplaintOptions = S['ComplaintOptionsOut']

// 评级方案
export const ratingSchemeActive = () => api.get('/api/providers/rating-scheme')
export const ratingSchemeVersions = () => api.get('/api/providers/rating-schemes')
export const ratingSchemeSave = (body: RatingSchemeIn) => api.post('/api/providers/rating-schemes', { body })

// 评级结果（计分卡）
export const scorecardList = (query: ListQuery) =>
  api.get('/api/providers/ratings', { query: query as QueryOf<'/api/providers/ratings', 'get'> })
export const scorecardGet = (ratingId: number) =>
  api.get('/api/providers/ratings/{rating_id}', { path: { rating_id: ratingId } })
export const scorecardCompute = (year: number, orgId: number | null = null) =>
  api.post('/api/providers/ratings/compute', { body: { year, org_id: orgId } })
export const manualScoresSet = (body: ManualScoresIn) => api.put('/api/providers/ratings', { body })

// 评级申诉
export const appealFile = (ratingId: number, reason: string) =>
  api.post('/api/providers/ratings/{rating_id}/appeals', { path: { rating_id: ratingId }, body: { reason } })
export const appealList = (query: ListQuery) =>
  api.get('/api/providers/appeals', { query: query as QueryOf<'/api/providers/appeals', 'get'> })
export const appealGet = (appealId: number) =>
  api.get('/api/providers/appeals/{appeal_id}', { path: { appeal_id: appealId } })
export const appealDecide = (appealId: number, body: AppealDecideIn) =>
  api.post('/api/providers/appeals/{appeal_id}/decide', { path: { appeal_id: appealId }, body })

// 服务商投诉
export const complaintList = (query: ListQuery) =>
  api.get('/api/providers/complaints', { query: query as QueryOf<'/api/providers/complaints', 'get'> })
export const complaintOptions = () => api.get('/api/providers/complaints/options')
export const complaintFile = (body: ComplaintIn) => api.post('/api/providers/complaints', { body })
export const complaintHandle = (complaintId: number, upheld: boolean, opinion: string) =>
  api.post('/api/providers/complaints/{complaint_id}/handle', {
    path: { complaint_id: complaintId },
    body: { upheld, opinion },
  })
