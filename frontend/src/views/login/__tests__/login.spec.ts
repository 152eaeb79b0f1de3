import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { sm2 } from 'sm-crypto-v2'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'

import { ApiError } from '@/api/http'
import type { Me } from '@/api/types'

import LoginPage from '../index.vue'

const keys = sm2.generateKeyPairHex()

const api = vi.hoisted(() => ({
  authLogin: vi.fn(),
  authLoginChallenge: vi.fn(),
  authCaptcha: vi.fn(),
  identityEnabled: vi.fn(),
  smsCodeSend: vi.fn(),
  smsCodeLogin: vi.fn(),
}))

vi.mock('@/api/auth', () => ({
  authLogin: api.authLogin,
  authLoginChallenge: api.authLoginChallenge,
  authCaptcha: api.authCaptcha,
  authLogout: vi.fn(),
  authMe: vi.fn(),
  publicSite: vi.fn(async () => ({ platform_name: '平台', city_name: '' })),
}))
vi.mock('@/api/identity', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/api/identity')>()),
  identityEnabled: api.identityEnabled,
  smsCodeSend: api.smsCodeSend,
  smsCodeLogin: api.smsCodeLogin,
}))

const me: Me = {
  id: 1,
  username: 'sysadmin',
  display_name: '系统管理员',
  roles: [],
  permissions: [],
  unread_messages: 0,
  must_change_password: false,
}

async function mountLogin(query: Record<string, string> = {}) {
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/login', name: 'login', component: { template: '<div />' } },
      { path: '/workspace', component: { template: '<div />' } },
      { path: '/register', component: { template: '<div />' } },
    ],
  })
  await router.push({ path: '/login', query })
  const wrapper = mount(LoginPage, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

type Wrapper = Awaited<ReturnType<typeof mountLogin>>['wrapper']

/** The <input> of an Element Plus input (the test id may sit on the <input> or its wrapper). */
function input(wrapper: Wrapper, selector: string) {
  const el = wrapper.get(selector)
  return el.element.tagName === 'INPUT' ? el : el.get('input')
}

async function typeAndSubmit(wrapper: Wrapper, password = 'Demo@2026smedt') {
  await input(wrapper, '[data-testid="login-username"]').setValue('sysadmin')
  await input(wrapper, '[data-testid="login-password"]').setValue(password)
  await wrapper.get('form').trigger('submit')
  await flushPromises()
  await flushPromises()
}

describe('login page', () => {
  beforeEach(() => {
    let n = 0
    api.authLoginChallenge.mockImplementation(async () => ({
      nonce: `nonce-${++n}`,
      public_key: keys.publicKey,
      expires_at: '2030-01-01T00:00:00Z',
    }))
    api.authCaptcha.mockResolvedValue({ captcha_id: 'cap-1', image: 'data:image/png;base64,AAAA', expires_at: '2030-01-01T00:00:00Z' })
    api.identityEnabled.mockResolvedValue([{ slug: 'henan', name: '河南省统一身份认证', protocol: 'oidc' }])
  })
  afterEach(() => {
    vi.clearAllMocks()
    document.body.innerHTML = ''
  })

  it('sends password_cipher (SM2 of {password, nonce}) and never the plain password', async () => {
    api.authLogin.mockResolvedValue(me)
    const { wrapper, router } = await mountLogin()

    await typeAndSubmit(wrapper)

    expect(api.authLoginChallenge).toHaveBeenCalledTimes(1)
    expect(api.authLogin).toHaveBeenCalledTimes(1)
    const body = api.authLogin.mock.calls[0]![0] as Record<string, unknown>
    expect(Object.keys(body).sort()).toEqual(['password_cipher', 'username'])
    expect(body).not.toHaveProperty('password')
    expect(JSON.stringify(body)).not.toContain('Demo@2026smedt')
    const cipher = String(body.password_cipher)
    expect(cipher.startsWith('04')).toBe(true)
    expect(JSON.parse(sm2.doDecrypt(cipher.slice(2), keys.privateKey, 1, { output: 'string' }))).toEqual({
      password: 'Demo@2026smedt',
      nonce: 'nonce-1',
    })
    expect(router.currentRoute.value.path).toBe('/workspace')
  })

  it('shows the captcha once the server asks for it and then sends captcha_id + answer with a fresh nonce', async () => {
    api.authLogin.mockRejectedValueOnce(
      new ApiError(400, { code: 'auth.invalid_credentials', message: '用户名或密码错误', details: { captcha_required: true } }),
    )
    const { wrapper } = await mountLogin()
    expect(wrapper.find('[data-testid="login-captcha"]').exists()).toBe(false)

    await typeAndSubmit(wrapper, 'wrong-password')

    expect(wrapper.get('[data-testid="login-error"]').text()).toContain('用户名或密码错误')
    expect(api.authCaptcha).toHaveBeenCalledTimes(1)
    expect(wrapper.get('[data-testid="login-captcha-image"]').attributes('src')).toBe('data:image/png;base64,AAAA')
    expect(wrapper.get('[data-testid="login-captcha-image"]').attributes('alt')).toContain('验证码')

    api.authLogin.mockResolvedValueOnce(me)
    await input(wrapper, '[data-testid="login-captcha"]').setValue('ab12')
    await typeAndSubmit(wrapper)

    const body = api.authLogin.mock.calls[1]![0] as Record<string, unknown>
    expect(body).toMatchObject({ username: 'sysadmin', captcha_id: 'cap-1', captcha_answer: 'ab12' })
    expect(body).not.toHaveProperty('password')
    expect(JSON.parse(sm2.doDecrypt(String(body.password_cipher).slice(2), keys.privateKey, 1, { output: 'string' })).nonce).toBe('nonce-2')
  })

  it('shows the lockout message', async () => {
    api.authLogin.mockRejectedValueOnce(
      new ApiError(423, { code: 'auth.locked', message: '连续登录失败次数过多，账号已锁定，请于 2030-01-01 10:00 后再试', details: {} }),
    )
    const { wrapper } = await mountLogin()
    await typeAndSubmit(wrapper)
    expect(wrapper.get('[data-testid="login-error"]').text()).toContain('账号已锁定')
  })

  it('shows sso_message from a failed provincial login and offers the enabled providers', async () => {
    const { wrapper } = await mountLogin({ sso_error: 'identity.ticket_expired', sso_message: '登录票据已过期，请重新登录' })
    expect(wrapper.get('[data-testid="login-error"]').text()).toContain('登录票据已过期')
    const sso = wrapper.get('[data-testid="sso-henan"]')
    expect(sso.attributes('href')).toBe('/api/identity/henan/start?next=%2Fworkspace')
  })

  it('logs in with an SMS code', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    api.smsCodeSend.mockResolvedValue(undefined)
    api.smsCodeLogin.mockResolvedValue(me)
    const { wrapper, router } = await mountLogin()

    await input(wrapper, '[data-testid="sms-mobile"]').setValue('13800000000')
    await wrapper.get('[data-testid="sms-send"]').trigger('click')
    await flushPromises()
    expect(api.smsCodeSend).toHaveBeenCalledWith('13800000000')
    expect(wrapper.get('[data-testid="sms-send"]').text()).toContain('60 秒后重发')
    expect(wrapper.get('[data-testid="sms-send"]').attributes('disabled')).toBeDefined()

    await input(wrapper, '[data-testid="sms-code"]').setValue('123456')
    await wrapper.findAll('form')[1]!.trigger('submit')
    await flushPromises()
    await flushPromises()
    expect(api.smsCodeLogin).toHaveBeenCalledWith('13800000000', '123456')
    expect(router.currentRoute.value.path).toBe('/workspace')
    vi.useRealTimers()
  })
})
