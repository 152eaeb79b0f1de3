import type { Router } from 'vue-router'

import { useAuthStore } from '@/stores/auth'
import { useTabsStore } from '@/stores/tabs'
import { canAccess } from '@/utils/permission'

/** Only same-site paths are followed after login (no open redirect). */
export function safeRedirect(value: unknown, fallback = '/workspace'): string {
  const path = Array.isArray(value) ? value[0] : value
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//')) return fallback
  if (path.startsWith('/login')) return fallback
  return path
}

/**
 * - first navigation: ask the back end who is logged in;
 * - not logged in: / → the public portal; any other page → /login?redirect=<where they wanted to go>;
 * - logged in but lacking the page's permission → 403 page;
 * - logged in and opening /login → where they wanted to go.
 */
export function installGuard(router: Router): void {
  router.beforeEach(async (to) => {
    const auth = useAuthStore()
    if (!auth.initialized) await auth.fetchMe()

    if (to.meta.public) {
      if (to.name === 'login' && auth.isLoggedIn) return safeRedirect(to.query.redirect)
      return true
    }
    if (!auth.isLoggedIn) {
      // a visitor opening the site lands on the public portal; any other page asks for a login
      if (to.path === '/' || to.redirectedFrom?.path === '/') return { path: '/portal' }
      return { name: 'login', query: to.fullPath && to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
    }
    const allowed = to.matched.every((record) => canAccess(record.meta, auth.permissions))
    if (!allowed) return { name: 'forbidden', query: { from: to.fullPath } }
    return true
  })

  router.afterEach((to) => {
    const auth = useAuthStore()
    // tabs are for the workspace; public pages (portal, login) never become tabs
    if (auth.isLoggedIn && !to.meta.public) useTabsStore().visit(to)
    const base = auth.site.platform_name
    document.title = to.meta.title ? `${to.meta.title} - ${base}` : base
  })
}
