/**
 * The one door to the back end: session cookie + CSRF header, the {code, message, details}
 * error envelope, 401 → login, and blob downloads for Excel exports.
 *
 * Area modules (src/api/<area>.ts) call these helpers, one typed function per endpoint.
 */

export type QueryValue = string | number | boolean | null | undefined
export type Query = Record<string, QueryValue | QueryValue[]>

/** Body of every 4xx/5xx answer (backend/smedt/core/api/errors.py). */
export interface ErrorEnvelope {
  code: string
  message: string
  details?: Record<string, unknown>
}

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly details: Record<string, unknown>

  constructor(status: number, body: ErrorEnvelope) {
    super(body.message)
    this.name = 'ApiError'
    this.status = status
    this.code = body.code
    this.details = body.details ?? {}
  }

  /** `details.fields` of a 422: {field: message}; nested fields use dotted keys ("assignments.0.role_code"). */
  get fieldErrors(): Record<string, string> {
    const fields = this.details.fields
    if (!fields || typeof fields !== 'object') return {}
    const out: Record<string, string> = {}
    for (const [key, value] of Object.entries(fields as Record<string, unknown>)) {
      out[key] = Array.isArray(value) ? value.map(String).join('；') : String(value)
    }
    return out
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError
}

export interface RequestOptions {
  query?: Query
  body?: unknown
  /** Do not show the error message to the user (the caller handles it). */
  silent?: boolean
  /** Do not redirect to the login page on 401 (login itself, the startup "who am I"). */
  skipAuthRedirect?: boolean
  signal?: AbortSignal
}

export interface HttpHooks {
  /** Called on a 401: the app sends the user to /login?redirect=<current page>. */
  onUnauthorized: (err: ApiError) => void
  /** Called for every other error unless the request is `silent`: the app shows err.message. */
  onError: (err: ApiError) => void
}

const hooks: HttpHooks = {
  onUnauthorized: () => {},
  onError: () => {},
}

export function configureHttp(next: Partial<HttpHooks>): void {
  Object.assign(hooks, next)
}

export const API_PREFIX = '/api'
export const CSRF_COOKIE = 'csrftoken'
export const CSRF_HEADER = 'X-CSRFToken'
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export function readCookie(name: string): string | null {
  const prefix = `${name}=`
  for (const part of document.cookie.split(';')) {
    const item = part.trim()
    if (item.startsWith(prefix)) return decodeURIComponent(item.slice(prefix.length))
  }
  return null
}

/** The token from GET /api/auth/csrf, used only when the cookie cannot be read. */
let csrfFromBody: string | null = null

/** GET /api/auth/csrf — sets the `csrftoken` cookie; called once at startup. */
export async function ensureCsrf(): Promise<void> {
  const body = await request<{ csrf_token: string }>('GET', '/auth/csrf', { silent: true, skipAuthRedirect: true })
  csrfFromBody = body.csrf_token
}

function csrfToken(): string | null {
  return readCookie(CSRF_COOKIE) ?? csrfFromBody
}

/** `/users` + {q: 'a', page: 1, empty: ''} → `/api/users?q=a&page=1` (empty values are dropped). */
export function buildUrl(path: string, query?: Query): string {
  const url = path.startsWith(API_PREFIX) ? path : `${API_PREFIX}${path}`
  if (!query) return url
  const params = new URLSearchParams()
  for (const [key, raw] of Object.entries(query)) {
    const values = Array.isArray(raw) ? raw : [raw]
    for (const value of values) {
      if (value === null || value === undefined || value === '') continue
      params.append(key, String(value))
    }
  }
  const qs = params.toString()
  return qs ? `${url}?${qs}` : url
}

const STATUS_MESSAGES: Record<number, string> = {
  400: '请求有误',
  401: '请先登录',
  403: '没有执行该操作的权限',
  404: '对象不存在或无权访问',
  409: '当前状态不允许该操作',
  413: '文件过大',
  422: '提交的数据有误',
  429: '操作过于频繁，请稍后再试',
}

async function readEnvelope(res: Response): Promise<ErrorEnvelope> {
  const fallback: ErrorEnvelope = {
    code: `http_${res.status}`,
    message: STATUS_MESSAGES[res.status] ?? (res.status >= 500 ? '服务器内部错误，请稍后重试' : '请求无法处理'),
  }
  try {
    const text = await res.text()
    const body = JSON.parse(text) as Partial<ErrorEnvelope>
    if (body && typeof body.message === 'string' && typeof body.code === 'string') {
      return { code: body.code, message: body.message, details: body.details ?? {} }
    }
  } catch {
    // not JSON (proxy error page, empty body): keep the fallback
  }
  return fallback
}

function fail(err: ApiError, opts: RequestOptions): never {
  if (err.status === 401 && !opts.skipAuthRedirect) hooks.onUnauthorized(err)
  else if (!opts.silent) hooks.onError(err)
  throw err
}

async function send(method: string, path: string, opts: RequestOptions, accept: string): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept }
  let body: BodyInit | undefined
  if (opts.body instanceof FormData) {
    body = opts.body
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(opts.body)
  }
  if (UNSAFE_METHODS.has(method)) {
    const token = csrfToken()
    if (token) headers[CSRF_HEADER] = token
  }
  try {
    return await fetch(buildUrl(path, opts.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    })
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause
    throw new ApiError(0, { code: 'network_error', message: '网络连接失败，请检查网络后重试' })
  }
}

/** Sends one request; on a failed CSRF check (stale token) fetches a fresh token and retries once. */
async function sendWithCsrfRetry(method: string, path: string, opts: RequestOptions, accept: string) {
  let res: Response
  try {
    res = await send(method, path, opts, accept)
  } catch (err) {
    if (err instanceof ApiError) fail(err, opts)
    throw err
  }
  if (res.ok) return res
  let envelope = await readEnvelope(res)
  if (res.status === 403 && envelope.code === 'csrf_failed' && UNSAFE_METHODS.has(method)) {
    await ensureCsrf().catch(() => undefined)
    res = await send(method, path, opts, accept)
    if (res.ok) return res
    envelope = await readEnvelope(res)
  }
  fail(new ApiError(res.status, envelope), opts)
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await sendWithCsrfRetry(method, path, opts, 'application/json')
  if (res.status === 204) return undefined as T
  const type = res.headers.get('Content-Type') ?? ''
  if (!type.includes('json')) return undefined as T
  return (await res.json()) as T
}

/**
 * Filename from a Content-Disposition header: RFC 5987 `filename*=UTF-8''…` wins over
 * `filename="…"`; `fallback` when neither is there.
 */
export function filenameFromDisposition(header: string | null, fallback = 'download'): string {
  if (!header) return fallback
  const star = /filename\*\s*=\s*([^;]+)/i.exec(header)
  if (star) {
    let value = star[1]!.trim().replace(/^"(.*)"$/, '$1')
    const parts = /^([\w-]+)'[^']*'(.*)$/.exec(value)
    if (parts) value = parts[2]!
    try {
      return decodeURIComponent(value)
    } catch {
      // malformed escapes: fall through to the plain parameter
    }
  }
  const plain = /(?:^|;)\s*filename\s*=\s*("((?:[^"\\]|\\.)*)"|[^;]*)/i.exec(header)
  if (plain) {
    const value = plain[2] !== undefined ? plain[2].replace(/\\(.)/g, '$1') : plain[1]!.trim()
    if (value) {
      // some servers send percent-encoded UTF-8 in the plain parameter
      try {
        return decodeURIComponent(value)
      } catch {
        return value
      }
    }
  }
  return fallback
}

/** Hands a blob to the browser as a file download. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  link.rel = 'noopener'
  link.style.display = 'none'
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 0)
}

/** GET a file (an .xlsx export, an attachment) and save it under the server's filename. */
export async function download(path: string, query?: Query, fallbackName = 'download'): Promise<string> {
  const res = await sendWithCsrfRetry('GET', path, { query }, '*/*')
  const filename = filenameFromDisposition(res.headers.get('Content-Disposition'), fallbackName)
  saveBlob(await res.blob(), filename)
  return filename
}

export const http = {
  get: <T>(path: string, query?: Query, opts: Omit<RequestOptions, 'query' | 'body'> = {}) =>
    request<T>('GET', path, { ...opts, query }),
  post: <T>(path: string, body?: unknown, opts: Omit<RequestOptions, 'body'> = {}) =>
    request<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body?: unknown, opts: Omit<RequestOptions, 'body'> = {}) =>
    request<T>('PUT', path, { ...opts, body }),
  patch: <T>(path: string, body?: unknown, opts: Omit<RequestOptions, 'body'> = {}) =>
    request<T>('PATCH', path, { ...opts, body }),
  delete: <T = void>(path: string, opts: Omit<RequestOptions, 'body'> = {}) => request<T>('DELETE', path, opts),
  download,
}
