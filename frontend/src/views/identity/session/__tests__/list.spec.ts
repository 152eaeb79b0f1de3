import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'

import type { OnlineSessionOut } from '@/api/identity'
import { vAccess } from '@/directives/access'
import { useAuthStore } from '@/stores/auth'
import { sysAdmin } from '@/test/personas'

import { channelLabel } from '../data'
import SessionList from '../list.vue'

const api = vi.hoisted(() => ({
  sessionList: vi.fn(),
  sessionEnd: vi.fn(),
  userForceLogout: vi.fn(),
  confirm: vi.fn(),
}))

vi.mock('@/api/auth', () => ({
  sessionList: api.sessionList,
  sessionEnd: api.sessionEnd,
  userForceLogout: api.userForceLogout,
  authLogin: vi.fn(),
  authLogout: vi.fn(),
  authMe: vi.fn(),
  publicSite: vi.fn(),
}))
vi.mock('@/utils/confirm', () => ({
  confirmAction: async (_message: string, action: () => Promise<unknown>) => {
    if (!(await api.confirm())) return false
    await action()
    return true
  },
}))

function session(over: Partial<OnlineSessionOut>): OnlineSessionOut {
  return {
    id: 1,
    user_id: 1,
    username: 'sysadmin',
    display_name: '平台运维管理员',
    channel: 'password',
    ip: '127.0.0.1',
    user_agent: 'Chrome',
    created_at: '2026-01-01T00:00:00Z',
    last_seen_at: '2026-01-01T00:05:00Z',
    current: false,
    ...over,
  }
}

const rows = [session({ id: 7, current: true }), session({ id: 9, user_id: 2, username: 'city_admin', display_name: '市级管理员', channel: 'sms' })]

async function mountPage() {
  const pinia = createPinia()
  setActivePinia(pinia)
  useAuthStore().me = { ...sysAdmin, permissions: [...sysAdmin.permissions, 'accounts.manage_session'] }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { template: '<div />' } },
      { path: '/403', name: 'forbidden', component: { template: '<div />' } },
    ],
  })
  await router.push('/')
  const wrapper = mount(SessionList, { global: { plugins: [pinia, router], directives: { access: vAccess } }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

describe('在线用户 page', () => {
  beforeEach(() => {
    api.sessionList.mockResolvedValue({ items: rows, total: 2, page: 1, page_size: 20 })
    api.sessionEnd.mockResolvedValue(undefined)
  })
  afterEach(() => {
    vi.clearAllMocks()
    document.body.innerHTML = ''
  })

  it('lists sessions newest activity first, marks the current one and forbids ending it', async () => {
    const w = await mountPage()
    expect(api.sessionList).toHaveBeenCalledWith({ page: 1, page_size: 20, ordering: '-last_seen_at' })
    const text = w.get('[data-testid="session-table"]').text()
    expect(text).toContain('当前会话')
    expect(text).toContain('短信验证码')
    expect(w.get('[data-testid="session-end-7"]').attributes('disabled')).toBeDefined()
    expect(w.get('[data-testid="session-end-9"]').attributes('disabled')).toBeUndefined()
  })

  it('ends a session only after confirmation, then reloads', async () => {
    const w = await mountPage()
    api.confirm.mockResolvedValueOnce(false)
    await w.get('[data-testid="session-end-9"]').trigger('click')
    await flushPromises()
    expect(api.sessionEnd).not.toHaveBeenCalled()

    api.confirm.mockResolvedValueOnce(true)
    await w.get('[data-testid="session-end-9"]').trigger('click')
    await flushPromises()
    expect(api.sessionEnd).toHaveBeenCalledWith(9)
    expect(api.sessionList).toHaveBeenCalledTimes(2)
  })

  it('names the login channels in Chinese', () => {
    expect(channelLabel('password')).toBe('账号密码')
    expect(channelLabel('sso')).toBe('统一身份认证')
    expect(channelLabel('')).toBe('—')
  })
})
