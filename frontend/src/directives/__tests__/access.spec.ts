import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defineComponent, nextTick } from 'vue'

import type { Me } from '@/api/types'
import { useAuthStore } from '@/stores/auth'
import { countyAOfficer, sysAdmin } from '@/test/personas'

import { vAccess } from '../access'

const Buttons = defineComponent({
  directives: { access: vAccess },
  template: `
    <div>
      <button data-testid="manage" v-access:code="'accounts.manage_user'">新增用户</button>
      <button data-testid="review" v-access:code="['reviews.review_county', 'reviews.review_city']">审核</button>
      <button data-testid="bare" v-access="'orgs.view_org'">机构</button>
      <button data-testid="admin-role" v-access:role="'sys_admin'">运维</button>
    </div>`,
})

function mountAs(me: Me | null) {
  const pinia = createPinia()
  setActivePinia(pinia)
  useAuthStore().me = me
  return mount(Buttons, { global: { plugins: [pinia] }, attachTo: document.body })
}

describe('v-access', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('shows everything to a user holding the codes and the role', () => {
    const w = mountAs({ ...sysAdmin, permissions: [...sysAdmin.permissions, 'reviews.review_city'] })
    for (const id of ['manage', 'review', 'bare', 'admin-role']) {
      expect(w.get(`[data-testid="${id}"]`).isVisible(), id).toBe(true)
    }
  })

  it('hides what the user lacks, keeps what they hold', () => {
    const w = mountAs(countyAOfficer)
    expect(w.get('[data-testid="manage"]').isVisible()).toBe(false)
    expect(w.get('[data-testid="manage"]').attributes('aria-hidden')).toBe('true')
    expect(w.get('[data-testid="review"]').isVisible()).toBe(true)
    expect(w.get('[data-testid="bare"]').isVisible()).toBe(true)
    expect(w.get('[data-testid="admin-role"]').isVisible()).toBe(false)
  })

  it('hides everything from nobody', () => {
    const w = mountAs(null)
    for (const id of ['manage', 'review', 'bare', 'admin-role']) {
      expect(w.get(`[data-testid="${id}"]`).isVisible(), id).toBe(false)
    }
  })

  it('follows a change of user on the next render', async () => {
    const pinia = createPinia()
    setActivePinia(pinia)
    const auth = useAuthStore()
    auth.me = countyAOfficer
    const Reactive = defineComponent({
      directives: { access: vAccess },
      setup: () => ({ auth }),
      template: `<div><span>{{ auth.me?.username }}</span><button data-testid="manage" v-access:code="'accounts.manage_user'">x</button></div>`,
    })
    const w = mount(Reactive, { global: { plugins: [pinia] }, attachTo: document.body })
    expect(w.get('[data-testid="manage"]').isVisible()).toBe(false)
    auth.me = sysAdmin
    await nextTick()
    expect(w.get('[data-testid="manage"]').isVisible()).toBe(true)
  })
})
