import { mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'

import { useAuthStore } from '@/stores/auth'
import { countyAOfficer } from '@/test/personas'

import NotFound from '../404.vue'

function render() {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: NotFound }] })
  return mount(NotFound, { global: { plugins: [ElementPlus, router] } })
}

describe('404 page', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('offers a visitor the way back to the portal home, never the workspace', () => {
    const text = render().get('[data-testid="page-404-back"]').text()
    expect(text).toBe('返回首页')
  })

  it('offers a signed-in user the way back to the workspace', () => {
    useAuthStore().me = countyAOfficer
    expect(render().get('[data-testid="page-404-back"]').text()).toBe('返回工作台')
  })
})
