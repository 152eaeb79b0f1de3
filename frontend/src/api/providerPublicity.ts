/**
 * 公示与异议 (publicity and objections) of both selections, as the portal and the back office use them.
 * The publicity lists are public notices (no login); filing an objection needs a signed-in user.
 * One function per endpoint.
 */
import type { components } from './schema'
import { api, type QueryOf } from './typed'
import type { ListQuery } from './types'

type S = components['schemas']
export type ProviderPublicity = S['ProviderPublicityOut']
/** 试点企业入选公示: the application engine's public rows of the pilot campaigns. */
export type PilotPublicity = S['PublicRowOut']
export type ProviderObjectionRow = S['ObjectionRowOut']

/** Public pages show their own in-page message for failures and never bounce to the login page. */
const pub = { silent: true, skipAuthRedirect: true } as const

export const providerPublicityList = (query: ListQuery) =>
  api.get('/api/providers/publicity', { query: query as QueryOf<'/api/providers/publicity', 'get'> })
/** GET /api/providers/publicity for the portal: 服务商入库公示 (public notice). */
export const publicProviderPublicityList = (query: ListQuery) =>
  api.get('/api/providers/publicity', { ...pub, query: query as QueryOf<'/api/providers/publicity', 'get'> })
/** GET /api/applications/public/publicity?kind=pilot for the portal: 试点企业入选公示 (public notice). */
export const publicPilotPublicityList = (query: ListQuery) =>
  api.get('/api/applications/public/publicity', {
    ...pub,
    query: { ...query, kind: 'pilot' } as QueryOf<'/api/applications/public/publicity', 'get'>,
  })
export const providerObjectionFile = (appId: number, content: string, evidenceId?: string | null) =>
  api.post('/api/providers/publicity/{app_id}/objections', {
    path: { app_id: appId },
    body: { content, evidence_id: evidenceId ?? null },
  })
/** The portal's objection form shows its own errors (the back office keeps its toasts). */
export const pilotObjectionFileQuiet = (appId: number, content: string) =>
  api.post('/api/applications/public/publicity/{submission_id}/objections', {
    silent: true,
    path: { submission_id: appId },
    body: { content, evidence_id: null },
  })
export const providerObjectionFileQuiet = (appId: number, content: string) =>
  api.post('/api/providers/publicity/{app_id}/objections', {
    silent: true,
    path: { app_id: appId },
    body: { content, evidence_id: null },
  })
export const providerObjectionList = (query: ListQuery) =>
  api.get('/api/providers/objections', { query: query as QueryOf<'/api/providers/objections', 'get'> })
export const providerObjectionHandle = (objectionId: number, upheld: boolean, resolution: string) =>
  api.post('/api/providers/objections/{objection_id}/handle', {
    path: { objection_id: objectionId },
    body: { upheld, resolution },
  })
