/** 统一身份认证: providers (OIDC / CAS / ticket exchange), bindings, SMS code login, SMS outbox. */
import type { components } from './schema'
import { api, type QueryOf } from './typed'
import type { ListQuery } from './types'

type S = components['schemas']

export type IdentityProviderOut = S['ProviderOut']
export type IdentityProviderCreateIn = S['ProviderCreateIn']
export type IdentityProviderUpdateIn = S['ProviderUpdateIn']
export type IdentityProviderCheckOut = S['ProviderCheckOut']
export type IdentityProviderPublic = S['ProviderPublicOut']
export type IdentityBindingOut = S['BindingOut']
export type SmsOutboxOut = S['SmsOutboxOut']
export type OnlineSessionOut = S['OnlineSessionOut']

const pid = (provider_id: number) => ({ path: { provider_id } })

// --- login page (no session) -------------------------------------------------------------

/** GET /api/identity/enabled — the providers the login page offers. */
export const identityEnabled = () => api.get('/api/identity/enabled', { silent: true, skipAuthRedirect: true })

/**
 * Browser address that starts the provincial login: GET /api/identity/{slug}/start (a redirect).
 * `next` is where the user wanted to go (the server currently always lands on /workspace).
 */
export function ssoStartUrl(slug: string, next?: string | null): string {
  const base = `/api/identity/${encodeURIComponent(slug)}/start`
  return next ? `${base}?${new URLSearchParams({ next }).toString()}` : base
}

/** POST /api/identity/sms/send — 429 sms.too_frequent / sms.too_many; same answer whether the number is known. */
export const smsCodeSend = (mobile: string) =>
  api.post('/api/identity/sms/send', { body: { mobile }, silent: true, skipAuthRedirect: true })

/** POST /api/identity/sms/login — 400 sms.invalid_code, 423 auth.locked. */
export const smsCodeLogin = (mobile: string, code: string) =>
  api.post('/api/identity/sms/login', { body: { mobile, code }, silent: true, skipAuthRedirect: true })

// --- administration ----------------------------------------------------------------------

/** GET /api/identity/providers */
export const providerList = (query: ListQuery) =>
  api.get('/api/identity/providers', { query: query as QueryOf<'/api/identity/providers', 'get'> })
/** GET /api/identity/providers/{id} */
export const providerGet = (providerId: number) => api.get('/api/identity/providers/{provider_id}', pid(providerId))
/** POST /api/identity/providers — secrets are write-only. */
export const providerCreate = (body: IdentityProviderCreateIn) => api.post('/api/identity/providers', { body })
/** PATCH /api/identity/providers/{id} — `secrets`: name → new value; an empty value removes it. */
export const providerUpdate = (providerId: number, body: IdentityProviderUpdateIn) =>
  api.patch('/api/identity/providers/{provider_id}', { ...pid(providerId), body })
/** DELETE /api/identity/providers/{id} — 409 identity.provider_in_use when accounts are bound. */
export const providerDelete = (providerId: number) => api.delete('/api/identity/providers/{provider_id}', pid(providerId))
/** POST /api/identity/providers/{id}/check — 连接测试 from the server's network zone. */
export const providerCheck = (providerId: number) =>
  api.post('/api/identity/providers/{provider_id}/check', pid(providerId))

/** GET /api/identity/bindings — filters user_id, provider (slug), person_type. */
export const bindingList = (query: ListQuery) =>
  api.get('/api/identity/bindings', { query: query as QueryOf<'/api/identity/bindings', 'get'> })
/** DELETE /api/identity/bindings/{id} — 解除绑定. */
export const bindingDelete = (bindingId: number) =>
  api.delete('/api/identity/bindings/{binding_id}', { path: { binding_id: bindingId } })

/** GET /api/identity/sms-outbox — what the console SMS backend "sent". */
export const smsOutboxList = (query: ListQuery) =>
  api.get('/api/identity/sms-outbox', { query: query as QueryOf<'/api/identity/sms-outbox', 'get'> })
