import { ElMessage } from 'element-plus'
import type { Router } from 'vue-router'

import { useAuthStore } from '@/stores/auth'

import { configureHttp, type ApiError } from './http'

let redirecting = false

/**
 * What the app does with API errors:
 * - 401 anywhere → forget the user and go to /login?redirect=<current page>;
 * - anything else → show the server's Chinese `message` (forms also map 422 fields).
 */
export function installHttpHooks(router: Router): void {
  configureHttp({
    onUnauthorized() {
      const auth = useAuthStore()
      auth.clear()
      const current = router.currentRoute.value
      if (redirecting || current.name === 'login') return
      redirecting = true
      ElMessage.warning('登录已失效，请重新登录')
      const redirect = current.meta.public ? undefined : current.fullPath
      void router.push({ name: 'login', query: redirect ? { redirect } : {} }).finally(() => {
        redirecting = false
      })
    },
    onError(err: ApiError) {
      ElMessage.error({ message: err.message, grouping: true })
    },
  })
}
