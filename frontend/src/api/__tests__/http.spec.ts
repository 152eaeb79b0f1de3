import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { useFormErrors } from '@/composables/useFormErrors'

import { ApiError, buildUrl, configureHttp, ensureCsrf, http } from '../http'

type FetchArgs = [string, RequestInit]

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })
}

const fetchMock = vi.fn<(url: string, init: RequestInit) => Promise<Response>>()
const onUnauthorized = vi.fn()
const onError = vi.fn()

function call(i = 0): { url: string; init: RequestInit; headers: Record<string, string> } {
  const [url, init] = fetchMock.mock.calls[i] as FetchArgs
  return { url, init, headers: init.headers as Record<string, string> }
}

beforeEach(() => {
  fetchMock.mockReset()
  onUnauthorized.mockReset()
  onError.mockReset()
  vi.stubGlobal('fetch', fetchMock)
  configureHttp({ onUnauthorized, onError })
  document.cookie = 'csrftoken=token-from-cookie; path=/'
})

afterEach(() => {
  vi.unstubAllGlobals()
  document.cookie = 'csrftoken=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/'
})

describe('CSRF and cookies', () => {
  it('sends X-CSRFToken from the csrftoken cookie on a POST, with the session cookie', async () => {
    fetchMock.mockResolvedValue(json(201, { id: 7 }))
    const out = await http.post<{ id: number }>('/users', { username: 'alice' })
    expect(out).toEqual({ id: 7 })
    const { url, init, headers } = call()
    expect(url).toBe('/api/users')
    expect(init.method).toBe('POST')
    expect(init.credentials).toBe('same-origin')
    expect(headers['X-CSRFToken']).toBe('token-from-cookie')
    expect(headers['Content-Type']).toBe('application/json')
    expect(init.body).toBe(JSON.stringify({ username: 'alice' }))
  })

  it.each(['put', 'patch', 'delete'] as const)('sends it on %s too', async (method) => {
    fetchMock.mockResolvedValue(new Response(null, { status: 204 }))
    if (method === 'delete') await http.delete('/roles/1')
    else await http[method]('/users/1', {})
    expect(call().headers['X-CSRFToken']).toBe('token-from-cookie')
  })

  it('does not send it on a GET', async () => {
    fetchMock.mockResolvedValue(json(200, { items: [], total: 0, page: 1, page_size: 20 }))
    await http.get('/users', { q: 'a' })
    expect(call().headers['X-CSRFToken']).toBeUndefined()
    expect(call().init.credentials).toBe('same-origin')
  })

  it('falls back to the token from GET /api/auth/csrf when the cookie is unreadable', async () => {
    document.cookie = 'csrftoken=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/'
    fetchMock.mockResolvedValueOnce(json(200, { csrf_token: 'token-from-body' }))
    await ensureCsrf()
    expect(call(0).url).toBe('/api/auth/csrf')
    fetchMock.mockResolvedValueOnce(json(200, {}))
    await http.post('/auth/logout')
    expect(call(1).headers['X-CSRFToken']).toBe('token-from-body')
  })

  it('fetches a fresh token and retries once when the CSRF check fails', async () => {
    fetchMock
      .mockResolvedValueOnce(json(403, { code: 'csrf_failed', message: '页面已过期，请刷新后重试', details: {} }))
      .mockImplementationOnce(async () => {
        document.cookie = 'csrftoken=rotated; path=/'
        return json(200, { csrf_token: 'rotated' })
      })
      .mockResolvedValueOnce(json(200, { ok: true }))
    await expect(http.post('/users/1/disable')).resolves.toEqual({ ok: true })
    expect(fetchMock).toHaveBeenCalledTimes(3)
    expect(call(1).url).toBe('/api/auth/csrf')
    expect(call(2).headers['X-CSRFToken']).toBe('rotated')
    expect(onError).not.toHaveBeenCalled()
  })
})

describe('error envelope', () => {
  const envelope422 = {
    code: 'validation_error',
    message: '提交的数据有误：username 必填',
    details: { fields: { username: '必填', 'assignments.0.region_code': '县区审核员必须选择县区' } },
  }

  it('turns a 422 into an ApiError whose field errors land on the form', async () => {
    fetchMock.mockResolvedValue(json(422, envelope422))
    const err = await http.post('/users', {}).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    const apiErr = err as ApiError
    expect(apiErr.status).toBe(422)
    expect(apiErr.code).toBe('validation_error')
    expect(apiErr.message).toBe('提交的数据有误：username 必填')
    expect(apiErr.fieldErrors).toEqual({ username: '必填', 'assignments.0.region_code': '县区审核员必须选择县区' })

    const form = useFormErrors()
    expect(form.apply(apiErr)).toBe(true)
    expect(form.errors.username).toBe('必填')
    expect(form.errors['assignments.0.region_code']).toBe('县区审核员必须选择县区')
    form.clear()
    expect(form.errors).toEqual({})
  })

  it('shows the server message for an action error (onError), not for silent requests', async () => {
    fetchMock.mockResolvedValue(json(409, { code: 'invalid_transition', message: '当前状态（已通过）不允许执行该操作', details: {} }))
    await expect(http.post('/reviews/1/approve', { opinion: '' })).rejects.toMatchObject({ status: 409, code: 'invalid_transition' })
    expect(onError).toHaveBeenCalledTimes(1)
    expect((onError.mock.calls[0]![0] as ApiError).message).toBe('当前状态（已通过）不允许执行该操作')

    await expect(http.get('/notify/unread-count', undefined, { silent: true })).rejects.toBeInstanceOf(ApiError)
    expect(onError).toHaveBeenCalledTimes(1)
  })

  it('uses a Chinese fallback when the body is not the envelope', async () => {
    fetchMock.mockResolvedValue(new Response('<html>Bad Gateway</html>', { status: 502 }))
    await expect(http.get('/users')).rejects.toMatchObject({ status: 502, message: '服务器内部错误，请稍后重试' })
  })

  it('reports a network failure as an ApiError', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'))
    await expect(http.get('/users')).rejects.toMatchObject({ status: 0, code: 'network_error' })
    expect(onError).toHaveBeenCalledTimes(1)
  })
})

describe('401', () => {
  it('triggers the login redirect hook instead of a message', async () => {
    fetchMock.mockResolvedValue(json(401, { code: 'not_authenticated', message: '请先登录', details: {} }))
    await expect(http.get('/users')).rejects.toMatchObject({ status: 401 })
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
    expect(onError).not.toHaveBeenCalled()
  })

  it('does not redirect for requests that expect a 401 (login, who-am-I)', async () => {
    fetchMock.mockResolvedValue(json(401, { code: 'auth.invalid_credentials', message: '用户名或密码错误', details: {} }))
    await expect(http.post('/auth/login', {}, { skipAuthRedirect: true, silent: true })).rejects.toMatchObject({
      code: 'auth.invalid_credentials',
    })
    expect(onUnauthorized).not.toHaveBeenCalled()
    expect(onError).not.toHaveBeenCalled()
  })
})

describe('buildUrl', () => {
  it('prefixes /api and drops empty filters', () => {
    expect(buildUrl('/users', { q: 'a b', page: 1, is_active: false, region_code: '', role_code: null, x: undefined })).toBe(
      '/api/users?q=a+b&page=1&is_active=false',
    )
    expect(buildUrl('/api/users')).toBe('/api/users')
    expect(buildUrl('/orgs', { status: ['pending', 'active'] })).toBe('/api/orgs?status=pending&status=active')
  })
})
