/**
 * Portal and content management: /api/portal/... (back office, session) and
 * /api/portal/public/... (the public portal, no login). One typed function per endpoint.
 */
import type { components } from './schema'
import { api, type PathsFor, type QueryOf } from './typed'
import type { ListQuery } from './types'

type S = components['schemas']

// --- type aliases ------------------------------------------------------------------------
export type AnnouncementOut = S['AnnouncementOut']
export type AnnouncementDetailOut = S['AnnouncementDetailOut']
export type PublicAnnouncementDetailOut = S['PublicAnnouncementDetailOut']
export type AnnouncementCreateIn = S['AnnouncementCreateIn']
export type AnnouncementUpdateIn = S['AnnouncementUpdateIn']
export type CaseOut = S['CaseOut']
export type CaseDetailOut = S['CaseDetailOut']
export type PublicCaseDetailOut = S['PublicCaseDetailOut']
export type CaseCreateIn = S['CaseCreateIn']
export type CaseUpdateIn = S['CaseUpdateIn']
export type EfficiencyItem = S['EfficiencyItem']
export type NeedOut = S['NeedOut']
export type NeedCreateIn = S['NeedCreateIn']
export type NeedUpdateIn = S['NeedUpdateIn']
export type PublicNeedDetailOut = S['PublicNeedDetailOut']
export type MatchOut = S['MatchOut']
export type OfferOut = S['OfferOut']
export type OfferCreateIn = S['OfferCreateIn']
export type OfferUpdateIn = S['OfferUpdateIn']
export type StatisticsOut = S['StatisticsOut']
export type HomeOut = S['HomeOut']
export type SearchOut = S['SearchOut']
export type SearchHitOut = S['SearchHitOut']
export type ProductOut = S['ProductOut']
export type PortalFileRef = S['FileRefOut']
/** need_close outcome */
export type NeedOutcome = 'matched' | 'not_matched' | 'cancelled'
/** search kind */
export type SearchKind = 'announcement' | 'case' | 'need' | 'offer' | 'product'

const q = <P extends PathsFor<'get'>>(query: ListQuery) => query as QueryOf<P, 'get'>

// --- announcements (back office) ---------------------------------------------------------
const annId = (announcement_id: number) => ({ path: { announcement_id } })
export const announcementList = (query: ListQuery) =>
  api.get('/api/portal/announcements', { query: q<'/api/portal/announcements'>(query) })
/** silent: the portal's preview of an unpublished item tries it quietly. */
export const announcementGet = (id: number, silent = false) =>
  api.get('/api/portal/announcements/{announcement_id}', { ...annId(id), silent })
export const announcementCreate = (body: AnnouncementCreateIn) => api.post('/api/portal/announcements', { body })
export const announcementUpdate = (id: number, body: AnnouncementUpdateIn) =>
  api.patch('/api/portal/announcements/{announcement_id}', { ...annId(id), body })
export const announcementSubmit = (id: number) => api.post('/api/portal/announcements/{announcement_id}/submit', annId(id))
export const announcementRecall = (id: number) => api.post('/api/portal/announcements/{announcement_id}/recall', annId(id))
export const announcementWithdraw = (id: number) =>
  api.post('/api/portal/announcements/{announcement_id}/withdraw', annId(id))
export const announcementRedraft = (id: number) => api.post('/api/portal/announcements/{announcement_id}/redraft', annId(id))
export const announcementPin = (id: number, pinned: boolean) =>
  api.post('/api/portal/announcements/{announcement_id}/pin', { ...annId(id), body: { pinned } })

// --- typical cases (back office) ---------------------------------------------------------
const caseId = (case_id: number) => ({ path: { case_id } })
export const caseList = (query: ListQuery) => api.get('/api/portal/cases', { query: q<'/api/portal/cases'>(query) })
export const caseGet = (id: number) => api.get('/api/portal/cases/{case_id}', caseId(id))
export const caseCreate = (body: CaseCreateIn) => api.post('/api/portal/cases', { body })
export const caseUpdate = (id: number, body: CaseUpdateIn) => api.patch('/api/portal/cases/{case_id}', { ...caseId(id), body })
export const caseConsent = (id: number, person: string, note = '') =>
  api.post('/api/portal/cases/{case_id}/consent', { ...caseId(id), body: { person, note } })
export const casePublish = (id: number) => api.post('/api/portal/cases/{case_id}/publish', caseId(id))
export const caseWithdraw = (id: number) => api.post('/api/portal/cases/{case_id}/withdraw', caseId(id))
export const caseRedraft = (id: number) => api.post('/api/portal/cases/{case_id}/redraft', caseId(id))

// --- supply–demand (back office) ---------------------------------------------------------
const needId = (need_id: number) => ({ path: { need_id } })
export const needList = (query: ListQuery) => api.get('/api/portal/needs', { query: q<'/api/portal/needs'>(query) })
export const needGet = (id: number, silent = false) => api.get('/api/portal/needs/{need_id}', { ...needId(id), silent })
export const needCreate = (body: NeedCreateIn) => api.post('/api/portal/needs', { body })
export const needUpdate = (id: number, body: NeedUpdateIn) => api.patch('/api/portal/needs/{need_id}', { ...needId(id), body })
export const needSubmit = (id: number) => api.post('/api/portal/needs/{need_id}/submit', needId(id))
export const needRecall = (id: number) => api.post('/api/portal/needs/{need_id}/recall', needId(id))
export const needClose = (id: number, outcome: NeedOutcome, note = '') =>
  api.post('/api/portal/needs/{need_id}/close', { ...needId(id), body: { outcome, note } })
export const needContact = (id: number, body: { provider_id: number; message: string; offer_id?: number | null }) =>
  api.post('/api/portal/needs/{need_id}/contact', { ...needId(id), body })

const offerId = (offer_id: number) => ({ path: { offer_id } })
export const offerList = (query: ListQuery) => api.get('/api/portal/offers', { query: q<'/api/portal/offers'>(query) })
export const offerGet = (id: number, silent = false) => api.get('/api/portal/offers/{offer_id}', { ...offerId(id), silent })
export const offerCreate = (body: OfferCreateIn) => api.post('/api/portal/offers', { body })
export const offerUpdate = (id: number, body: OfferUpdateIn) => api.patch('/api/portal/offers/{offer_id}', { ...offerId(id), body })
export const offerSubmit = (id: number) => api.post('/api/portal/offers/{offer_id}/submit', offerId(id))
export const offerRecall = (id: number) => api.post('/api/portal/offers/{offer_id}/recall', offerId(id))
export const offerClose = (id: number) => api.post('/api/portal/offers/{offer_id}/close', offerId(id))

export const supplyDemandStatistics = (regionCode?: string | null) =>
  api.get('/api/portal/supply-demand/statistics', { query: { region_code: regionCode || undefined } })

// --- public portal (no login) ------------------------------------------------------------
// public pages show their own in-page message for failures
const pub = { silent: true, skipAuthRedirect: true } as const
export const publicHome = () => api.get('/api/portal/public/home', pub)
export const publicCategories = () => api.get('/api/portal/public/categories', pub)
export const publicScenarios = () => api.get('/api/portal/public/scenarios', pub)
export const publicAnnouncementList = (query: ListQuery) =>
  api.get('/api/portal/public/announcements', { ...pub, query: q<'/api/portal/public/announcements'>(query) })
export const publicAnnouncementGet = (id: number) =>
  api.get('/api/portal/public/announcements/{announcement_id}', { ...pub, ...annId(id) })
export const publicCaseList = (query: ListQuery) =>
  api.get('/api/portal/public/cases', { ...pub, query: q<'/api/portal/public/cases'>(query) })
export const publicCaseGet = (id: number) => api.get('/api/portal/public/cases/{case_id}', { ...pub, ...caseId(id) })
export const publicNeedList = (query: ListQuery) =>
  api.get('/api/portal/public/needs', { ...pub, query: q<'/api/portal/public/needs'>(query) })
export const publicNeedGet = (id: number) => api.get('/api/portal/public/needs/{need_id}', { ...pub, ...needId(id) })
export const publicOfferList = (query: ListQuery) =>
  api.get('/api/portal/public/offers', { ...pub, query: q<'/api/portal/public/offers'>(query) })
export const publicOfferGet = (id: number) => api.get('/api/portal/public/offers/{offer_id}', { ...pub, ...offerId(id) })
export const publicSearch = (query: { q: string; kind?: SearchKind | null; page?: number; page_size?: number }) =>
  api.get('/api/portal/public/search', { ...pub, query })
/** GET /api/providers/catalogue — the public product catalogue (no login). */
export const publicProductCatalogue = (query: ListQuery) =>
  api.get('/api/providers/catalogue', { ...pub, query: q<'/api/providers/catalogue'>(query) })

/** URL of a file of published content (cover, image, attachment), served without login. */
export const publicFileUrl = (fileId: string) => `/api/portal/public/files/${encodeURIComponent(fileId)}`
/** URL of a file the signed-in user may download (back office previews). */
export const fileUrl = (fileId: string) => `/api/files/${encodeURIComponent(fileId)}/download`

/** GET /api/providers/products — the products the signed-in provider may see (to link an offer to one). */
export const providerProductList = (query: ListQuery) =>
  api.get('/api/providers/products', { query: q<'/api/providers/products'>(query) })
