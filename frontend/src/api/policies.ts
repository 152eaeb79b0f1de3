/**
 * /api/policies — 惠企政策: the public policy zone, the city editor (edit, extract, confirm, publish,
 * sandbox, statistics) and the enterprise's 我的政策. One typed function per endpoint.
 */
import type { components } from './schema'
import { api, type QueryOf } from './typed'
import type { ListQuery } from './types'

type S = components['schemas']
export type PolicyMeta = S['PolicyMetaOut']
export type PolicyRow = S['PolicyRowOut']
export type PolicyDetail = S['PolicyDetailOut']
export type AdminPolicy = S['AdminPolicyDetailOut']
export type PolicyCondition = S['PolicyConditionOut']
export type ConditionIn = S['PolicyConditionIn']
export type PolicyCreateIn = S['PolicyCreateIn']
export type PolicyUpdateIn = S['PolicyUpdateIn']
export type SandboxResult = S['PolicySandboxOut']
export type PolicyStats = S['PolicyStatsOut']
export type MatchRun = S['PolicyRunOut']
export type MineRow = S['PolicyMineOut']
export type MineDetail = S['PolicyMineDetailOut']
export type MatchRow = S['PolicyMatchOut']

export const policyPublicMeta = () => api.get('/api/policies/public/meta')
export const policyPublicList = (query: ListQuery = {}) =>
  api.get('/api/policies/public', { query: query as QueryOf<'/api/policies/public', 'get'> })
export const policyPublicGet = (id: number) => api.get('/api/policies/public/{policy_id}', { path: { policy_id: id } })

export const policyMeta = () => api.get('/api/policies/meta')
export const policyList = (query: ListQuery = {}) =>
  api.get('/api/policies', { query: query as QueryOf<'/api/policies', 'get'> })
export const policyCreate = (body: PolicyCreateIn) => api.post('/api/policies', { body })
export const policyGet = (id: number) => api.get('/api/policies/{policy_id}', { path: { policy_id: id } })
export const policyUpdate = (id: number, body: PolicyUpdateIn) =>
  api.patch('/api/policies/{policy_id}', { path: { policy_id: id }, body })
export const policyExtract = (id: number, text: string | null) =>
  api.post('/api/policies/{policy_id}/extract', { path: { policy_id: id }, body: { text } })
export const policyConditionsSet = (id: number, conditions: ConditionIn[]) =>
  api.put('/api/policies/{policy_id}/conditions', { path: { policy_id: id }, body: { conditions } })
export const policyPublish = (id: number) => api.post('/api/policies/{policy_id}/publish', { path: { policy_id: id } })
export const policyWithdraw = (id: number) => api.post('/api/policies/{policy_id}/withdraw', { path: { policy_id: id } })
export const policyRematch = (id: number) => api.post('/api/policies/{policy_id}/rematch', { path: { policy_id: id } })
export const policyRun = (id: number) => api.get('/api/policies/{policy_id}/run', { path: { policy_id: id } })
export const policySandbox = (id: number, conditions: ConditionIn[]) =>
  api.post('/api/policies/{policy_id}/sandbox', { path: { policy_id: id }, body: { conditions } })
export const policyStats = (id: number) => api.get('/api/policies/{policy_id}/stats', { path: { policy_id: id } })
export const policyMatches = (id: number, query: ListQuery = {}) =>
  api.get('/api/policies/{policy_id}/matches', {
    path: { policy_id: id },
    query: query as QueryOf<'/api/policies/{policy_id}/matches', 'get'>,
  })

export const mineList = (query: ListQuery = {}) =>
  api.get('/api/policies/mine', { query: query as QueryOf<'/api/policies/mine', 'get'> })
export const mineGet = (policyId: number) => api.get('/api/policies/mine/{policy_id}', { path: { policy_id: policyId } })

export type PushCampaign = S['PolicyPushOut']
export type PushIn = S['PolicyPushIn']
export const pushCreate = (id: number, body: PushIn) =>
  api.post('/api/policies/{policy_id}/pushes', { path: { policy_id: id }, body })
export const pushList = (id: number) => api.get('/api/policies/{policy_id}/pushes', { path: { policy_id: id } })

export type PushPrefs = S['PolicyPushPrefsOut']
export const minePrefs = () => api.get('/api/policies/mine/preferences')
export const minePrefsSet = (smsConsent: boolean) =>
  api.put('/api/policies/mine/preferences', { body: { sms_consent: smsConsent } })
