/** /api/industry/profiles — 企业画像 (one enterprise) and 行业画像 (a chain, 细分行业 or 国民经济行业). */
import type { components } from './schema'
import { api, type QueryOf } from './typed'

type S = components['schemas']
export type EnterprisePortrait = S['EnterprisePortraitOut']
export type PortraitFinding = S['PortraitFindingOut']
export type IndustryProfile = S['IndustryProfileOut']
export type IndustryProfileQuery = QueryOf<'/api/industry/profiles/industry', 'get'>

export const portraitGet = (orgId: number) => api.get('/api/industry/profiles/enterprises/{org_id}', { path: { org_id: orgId } })
export const industryProfileGet = (query: IndustryProfileQuery) => api.get('/api/industry/profiles/industry', { query })
