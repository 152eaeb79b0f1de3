import { ensureCsrf } from './http'
import { api, type QueryOf } from './typed'
import type { ListQuery, LoginIn, Me, PasswordChangeIn } from './types'

export { ensureCsrf }

/** POST /api/auth/login — errors: auth.invalid_credentials (400), auth.locked (423, says until when). */
export const authLogin = (body: LoginIn) => api.post('/api/auth/login', { body, silent: true, skipAuthRedirect: true })

/** POST /api/auth/logout */
export const authLogout = () => api.post('/api/auth/logout', { skipAuthRedirect: true, silent: true })

/** GET /api/auth/session — who is signed in; a visitor gets 200 with authenticated=false, never a 401
 *  (which the browser would log as an error on every portal page). */
export const authSession = () => api.get('/api/auth/session', { silent: true, skipAuthRedirect: true })

/** The signed-in user, or null for a visitor (GET /api/auth/session). */
export const authMe = async (): Promise<Me | null> => (await authSession()).me ?? null

/** POST /api/auth/password — 422 auth.wrong_password / auth.same_password with field errors. */
export const authPasswordChange = (body: PasswordChangeIn) => api.post('/api/auth/password', { body })

/** GET /api/auth/login-logs */
export const loginLogList = (query: ListQuery) =>
  api.get('/api/auth/login-logs', { query: query as QueryOf<'/api/auth/login-logs', 'get'> })

/** GET /api/public/site — branding of this deployment. */
export const publicSite = () => api.get('/api/public/site', { silent: true, skipAuthRedirect: true })

/** GET /api/auth/login-challenge — a single-use nonce and the server's SM2 public key (hex). */
export const authLoginChallenge = () => api.get('/api/auth/login-challenge', { silent: true, skipAuthRedirect: true })

/** GET /api/auth/captcha — image captcha (data: URL) asked after repeated failures; replaces any earlier one. */
export const authCaptcha = () => api.get('/api/auth/captcha', { silent: true, skipAuthRedirect: true })

/** GET /api/auth/sessions — open sessions (在线用户); global holders of accounts.manage_session. */
export const sessionList = (query: ListQuery) =>
  api.get('/api/auth/sessions', { query: query as QueryOf<'/api/auth/sessions', 'get'> })

/** POST /api/auth/sessions/{id}/end — forced logout of one session (强制下线). */
export const sessionEnd = (sessionId: number) =>
  api.post('/api/auth/sessions/{session_id}/end', { path: { session_id: sessionId } })

/** POST /api/users/{id}/force-logout — ends every session of one user. */
export const userForceLogout = (userId: number) =>
  api.post('/api/users/{user_id}/force-logout', { path: { user_id: userId } })
