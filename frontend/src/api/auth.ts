import { ensureCsrf, http } from './http'
import type { ListQuery, LoginIn, LoginLogOut, Me, Page, PasswordChangeIn, SiteInfo } from './types'

export { ensureCsrf }

/** POST /api/auth/login — errors: auth.invalid_credentials, auth.locked, auth.password_expired. */
export const authLogin = (body: LoginIn) => http.post<Me>('/auth/login', body, { silent: true, skipAuthRedirect: true })

/** POST /api/auth/logout */
export const authLogout = () => http.post<void>('/auth/logout', undefined, { skipAuthRedirect: true })

/** GET /api/auth/me — a 401 here only means "not logged in": no redirect, no message. */
export const authMe = () => http.get<Me>('/auth/me', undefined, { silent: true, skipAuthRedirect: true })

/** POST /api/auth/password */
export const authPasswordChange = (body: PasswordChangeIn) => http.post<void>('/auth/password', body)

/** GET /api/auth/login-logs */
export const loginLogList = (query: ListQuery) => http.get<Page<LoginLogOut>>('/auth/login-logs', query)
export const LOGIN_LOG_EXPORT_PATH = '/auth/login-logs/export'

/** GET /api/public/site — branding of this deployment; optional. */
export const publicSite = () => http.get<SiteInfo>('/public/site', undefined, { silent: true, skipAuthRedirect: true })
