import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'

import { useAuthStore } from '@/stores/auth'
import { sysAdmin } from '@/test/personas'

import { installHttpHooks } from '../hooks'
import { http } from '../http'

const Stub = { template: '<div />' }

function makeRouter(): Router {
  return createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/login', name: 'login', component: Stub, meta: { public: true } },
      { path: '/system/users', name: 'system-user', component: Stub },
    ],
  })
}

describe('installHttpHooks', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
  })
  afterEach(() => vi.unstubAllGlobals())

  it('sends the user to /login?redirect=<page> when the session has expired', async () => {
    const router = makeRouter()
    installHttpHooks(router)
    await router.push('/system/users?q=alice')
    const auth = useAuthStore()
    auth.me = sysAdmin

    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify({ code: 'not_authenticated', message: '请先登录', details: {} }), { status: 401 })),
    )
    await expect(http.get('/users')).rejects.toMatchObject({ status: 401 })
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'))

    expect(router.currentRoute.value.query.redirect).toBe('/system/users?q=alice')
    expect(auth.me).toBeNull()
  })
})
