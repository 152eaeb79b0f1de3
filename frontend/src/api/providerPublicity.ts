/**
 * 公示与异议 (publicity and objections) of the selections that run on the application engine (试点企业遴选,
 * 服务商遴选, …), as the portal uses them: one public row shape (`PublicRowOut`) for every kind of campaign.
 * The publicity list is a public notice (no login); filing an objection needs a signed-in user.
 * One function per endpoint.
 */
import type { components } from './schema'
import { api, type QueryOf } from './typed'
import type { ListQuery } from './types'

type S = components['schemas']
/** One row of the 公示 notice: the organisation, the campaign and the template's public fields. */
export type PublicRow = S['PublicRowOut']

/** Public pages show their own in-page message for failures and never bounce to the login page. */
const pub = { silent: true, skipAuthRedirect: true } as const

/** GET /api/applications/public/publicity?kind= for the portal: the 公示 notice of one campaign kind. */
export const publicPublicityList = (kind: string, query: ListQuery) =>
  api.get('/api/applications/public/publicity', {
    ...pub,
    query: { ...query, kind } as QueryOf<'/api/applications/public/publicity', 'get'>,
  })
/** The portal's objection form shows its own errors (the back office keeps its toasts). */
export const publicityObjectionFileQuiet = (submissionId: number, content: string) =>
  api.post('/api/applications/public/publicity/{submission_id}/objections', {
    silent: true,
    path: { submission_id: submissionId },
    body: { content, evidence_id: null },
  })
