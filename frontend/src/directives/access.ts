/**
 * v-access — shows an element only to users holding a permission (display only; the
 * back end is the boundary).
 *
 *   <el-button v-access:code="'accounts.manage_user'">新增</el-button>
 *   <el-button v-access:code="['reviews.review_county', 'reviews.review_city']">审核</el-button>  (any of)
 *   <div v-access:role="'sys_admin'">…</div>
 *   <el-button v-access="'accounts.manage_user'">…</el-button>            (same as :code)
 */
import type { App, Directive, DirectiveBinding } from 'vue'

import { useAuthStore } from '@/stores/auth'

type AccessValue = string | string[]

const ORIGINAL_DISPLAY = Symbol('access-display')

interface AccessElement extends HTMLElement {
  [ORIGINAL_DISPLAY]?: string
}

export function isAllowed(binding: Pick<DirectiveBinding<AccessValue>, 'arg' | 'value'>): boolean {
  const auth = useAuthStore()
  const wanted = Array.isArray(binding.value) ? binding.value : [binding.value]
  if (!wanted.length) return true
  if (binding.arg === 'role') return auth.hasRole(...wanted)
  return wanted.some((code) => auth.can(code))
}

function apply(el: AccessElement, binding: DirectiveBinding<AccessValue>): void {
  if (!(ORIGINAL_DISPLAY in el)) el[ORIGINAL_DISPLAY] = el.style.display
  if (isAllowed(binding)) {
    el.style.display = el[ORIGINAL_DISPLAY] ?? ''
    el.removeAttribute('aria-hidden')
  } else {
    el.style.display = 'none'
    el.setAttribute('aria-hidden', 'true')
  }
}

export const vAccess: Directive<AccessElement, AccessValue> = {
  mounted: apply,
  updated: apply,
}

export function installAccess(app: App): void {
  app.directive('access', vAccess)
}

declare module 'vue' {
  interface ComponentCustomProperties {
    vAccess: typeof vAccess
  }
}
