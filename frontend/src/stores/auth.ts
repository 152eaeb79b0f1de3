import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

import { authLogin, authLogout, authMe, publicSite } from '@/api/auth'
import { isApiError } from '@/api/http'
import { unreadCount } from '@/api/notify'
import type { LoginIn, Me, SiteInfo } from '@/api/types'
import { hasPermission } from '@/utils/permission'

export const DEFAULT_SITE: SiteInfo = { platform_name: '中小企业数字化转型公共服务平台', city_name: '' }

/** Who is logged in, what they may see, and the deployment's branding. */
export const useAuthStore = defineStore('auth', () => {
  const me = ref<Me | null>(null)
  /** Set once the startup "who am I" has answered (either way). */
  const initialized = ref(false)
  const site = ref<SiteInfo>({ ...DEFAULT_SITE })

  const isLoggedIn = computed(() => me.value !== null)
  const permissions = computed<string[]>(() => me.value?.permissions ?? [])
  const roleCodes = computed(() => [...new Set((me.value?.roles ?? []).map((r) => r.role_code))])
  const unread = computed(() => me.value?.unread_messages ?? 0)

  function can(code: string): boolean {
    return hasPermission(permissions.value, code)
  }

  function hasRole(...codes: string[]): boolean {
    return roleCodes.value.some((code) => codes.includes(code))
  }

  /** GET /api/auth/session; a visitor (or a 401 from an expired session) leaves `me` empty. */
  async function fetchMe(): Promise<Me | null> {
    try {
      me.value = await authMe()
    } catch (err) {
      if (!isApiError(err) || err.status !== 401) console.warn('auth/me failed', err)
      me.value = null
    } finally {
      initialized.value = true
    }
    return me.value
  }

  async function login(body: LoginIn): Promise<Me> {
    me.value = await authLogin(body)
    initialized.value = true
    return me.value
  }

  async function logout(): Promise<void> {
    try {
      await authLogout()
    } finally {
      clear()
    }
  }

  /** Forget the user locally (after logout or a 401). */
  function clear(): void {
    me.value = null
  }

  async function refreshUnread(): Promise<void> {
    if (!me.value) return
    try {
      const { count } = await unreadCount()
      if (me.value) me.value = { ...me.value, unread_messages: count }
    } catch {
      // the bell keeps its last number
    }
  }

  async function loadSite(): Promise<void> {
    try {
      const info = await publicSite()
      site.value = {
        platform_name: info.platform_name || DEFAULT_SITE.platform_name,
        city_name: info.city_name || '',
      }
    } catch {
      site.value = { ...DEFAULT_SITE }
    }
  }

  return {
    me,
    initialized,
    site,
    isLoggedIn,
    permissions,
    roleCodes,
    unread,
    can,
    hasRole,
    fetchMe,
    login,
    logout,
    clear,
    refreshUnread,
    loadSite,
  }
})
