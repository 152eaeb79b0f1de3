import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'

import type { Me } from '@/api/types'
import { useAuthStore } from '@/stores/auth'
import { countyAOfficer, enterpriseAUser, sysAdmin } from '@/test/personas'

import SideMenu from '../components/SideMenu.vue'

async function renderMenu(me: Me) {
  const pinia = createPinia()
  setActivePinia(pinia)
  useAuthStore().me = me
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: { template: '<div />' } }] })
  await router.push('/workspace')
  const wrapper = mount(SideMenu, { props: { collapsed: false }, global: { plugins: [pinia, router] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

function menuIds(wrapper: Awaited<ReturnType<typeof renderMenu>>): string[] {
  return wrapper.findAll('[data-testid^="menu-"]').map((el) => el.attributes('data-testid')!)
}

describe('SideMenu', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('renders every system page for the system admin', async () => {
    const ids = menuIds(await renderMenu(sysAdmin))
    expect(ids).toEqual([
      'menu-workspace',
      'menu-message-center',
      'menu-system',
      'menu-system-user',
      'menu-system-role',
      'menu-system-region',
      'menu-system-org',
      'menu-system-dict',
      'menu-system-audit',
      'menu-system-login-log',
      'menu-system-task',
    ])
  })

  it('renders only permitted items for a county officer', async () => {
    const ids = menuIds(await renderMenu(countyAOfficer))
    expect(ids).toEqual([
      'menu-workspace',
      'menu-review-center',
      'menu-message-center',
      'menu-system',
      'menu-system-region',
      'menu-system-org',
      'menu-system-dict',
    ])
  })

  it('renders no system group for an enterprise user', async () => {
    const wrapper = await renderMenu(enterpriseAUser)
    expect(menuIds(wrapper)).toEqual(['menu-workspace', 'menu-review-center', 'menu-message-center'])
    expect(wrapper.text()).not.toContain('系统管理')
  })
})
