import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter, type RouteRecordRaw, type Router } from 'vue-router'

import { ApiError } from '@/api/http'
import type { Me } from '@/api/types'
import { countyAOfficer, enterpriseAUser, sysAdmin } from '@/test/personas'

import { installGuard, safeRedirect } from '../guard'
import { routes } from '../routes'

const authMe = vi.hoisted(() => vi.fn<() => Promise<Me>>())
vi.mock('@/api/auth', () => ({
  authMe,
  authLogin: vi.fn(),
  authLogout: vi.fn(),
  publicSite: vi.fn(),
}))

const Stub = { template: '<div />' }

/** The real route table (paths, names, meta.permission) with light components. */
function stubbed(records: readonly RouteRecordRaw[]): RouteRecordRaw[] {
  return records.map((r) => {
    const copy = { ...r } as RouteRecordRaw & { component?: unknown }
    if ('component' in r && r.component) copy.component = Stub
    if (r.children) copy.children = stubbed(r.children)
    return copy as RouteRecordRaw
  })
}

function makeRouter(): Router {
  const router = createRouter({ history: createMemoryHistory(), routes: stubbed(routes) })
  installGuard(router)
  return router
}

function loggedInAs(me: Me | null): void {
  authMe.mockReset()
  if (me) authMe.mockResolvedValue(me)
  else authMe.mockRejectedValue(new ApiError(401, { code: 'not_authenticated', message: '请先登录' }))
}

describe('router guard', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    sessionStorage.clear()
  })

  it('sends an anonymous visitor to /login with the page as redirect', async () => {
    loggedInAs(null)
    const router = makeRouter()
    await router.push('/system/users?q=alice')
    expect(router.currentRoute.value.name).toBe('login')
    expect(router.currentRoute.value.query.redirect).toBe('/system/users?q=alice')
  })

  it('lets an anonymous visitor open the public pages', async () => {
    loggedInAs(null)
    const router = makeRouter()
    await router.push('/register')
    expect(router.currentRoute.value.name).toBe('register')
    await router.push('/no/such/page')
    expect(router.currentRoute.value.name).toBe('not-found')
  })

  it('shows the 403 page when the page needs a permission the user lacks', async () => {
    loggedInAs(countyAOfficer)
    const router = makeRouter()
    await router.push('/system/users')
    expect(router.currentRoute.value.name).toBe('forbidden')
    expect(router.currentRoute.value.query.from).toBe('/system/users')
  })

  it('keeps an enterprise user (own org only) out of 组织机构', async () => {
    loggedInAs(enterpriseAUser)
    const router = makeRouter()
    await router.push('/system/orgs')
    expect(router.currentRoute.value.name).toBe('forbidden')
  })

  it('lets the user open pages they hold the permission for', async () => {
    loggedInAs(countyAOfficer)
    const router = makeRouter()
    await router.push('/system/orgs')
    expect(router.currentRoute.value.name).toBe('system-org')
    await router.push('/reviews')
    expect(router.currentRoute.value.name).toBe('review-center')
  })

  it('opens every system page for the system admin', async () => {
    loggedInAs(sysAdmin)
    const router = makeRouter()
    for (const path of ['/system/users', '/system/roles', '/system/regions', '/system/dicts', '/system/audit', '/system/login-logs', '/system/tasks']) {
      await router.push(path)
      expect(router.currentRoute.value.path, path).toBe(path)
    }
  })

  it('sends a logged-in user away from /login to the redirect target', async () => {
    loggedInAs(enterpriseAUser)
    const router = makeRouter()
    await router.push('/login?redirect=/messages')
    expect(router.currentRoute.value.path).toBe('/messages')
  })

  it('lands on the workspace from /', async () => {
    loggedInAs(enterpriseAUser)
    const router = makeRouter()
    await router.push('/')
    expect(router.currentRoute.value.path).toBe('/workspace')
  })

  it('sends an anonymous visitor from / to the public portal', async () => {
    loggedInAs(null)
    const router = makeRouter()
    await router.push('/')
    expect(router.currentRoute.value.path).toBe('/portal')
  })

  it('asks the back end who is logged in only once', async () => {
    loggedInAs(sysAdmin)
    const router = makeRouter()
    await router.push('/workspace')
    await router.push('/messages')
    expect(authMe).toHaveBeenCalledTimes(1)
  })
})

describe('safeRedirect', () => {
  it('follows only same-site paths', () => {
    expect(safeRedirect('/system/users?q=a')).toBe('/system/users?q=a')
    expect(safeRedirect('//evil.example/x')).toBe('/workspace')
    expect(safeRedirect('https://evil.example/')).toBe('/workspace')
    expect(safeRedirect('/login?redirect=/x')).toBe('/workspace')
    expect(safeRedirect(undefined)).toBe('/workspace')
    expect(safeRedirect(['/messages'])).toBe('/messages')
  })
})
