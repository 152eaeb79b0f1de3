import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'

import type { Page, UserOut } from '@/api/types'
import { vAccess } from '@/directives/access'
import { useAuthStore } from '@/stores/auth'
import { countyAOfficer, sysAdmin } from '@/test/personas'

import UserList from '../list.vue'

const api = vi.hoisted(() => ({
  userList: vi.fn(),
  download: vi.fn(),
  exportStart: vi.fn(),
}))

vi.mock('@/api/users', () => ({
  userList: api.userList,
  userDisable: vi.fn(),
  userEnable: vi.fn(),
  userUnlock: vi.fn(),
  userCreate: vi.fn(),
  userUpdate: vi.fn(),
  userPasswordReset: vi.fn(),
  userRolesSet: vi.fn(),
}))
vi.mock('@/api/roles', () => ({
  roleList: vi.fn(async () => [
    { id: 1, code: 'county_officer', name: '县区审核员', description: '', scope_kind: 'region', builtin: true, permissions: [] },
  ]),
}))
vi.mock('@/api/regions', () => ({ regionTree: vi.fn(async () => []) }))
vi.mock('@/api/exports', () => ({
  exportStart: api.exportStart,
  exportGet: vi.fn(),
  exportList: vi.fn(async () => ({ items: [], total: 0, page: 1, page_size: 20 })),
  exportDownload: vi.fn(),
}))
vi.mock('@/api/http', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/api/http')>()),
  download: api.download,
}))

const alice: UserOut = {
  id: 5,
  username: 'alice',
  display_name: '张三',
  mobile_masked: '138****8000',
  mobile_display: '138****8000',
  id_number_display: '',
  email: '',
  is_active: true,
  locked_until: null,
  last_login: null,
  date_joined: '2025-01-02T03:04:05Z',
  roles: [{ role_code: 'county_officer', role_name: '县区审核员', scope_kind: 'region', region: { code: '410702', name: '红旗区' }, org: null }],
}

function page(items: UserOut[], total = items.length): Page<UserOut> {
  return { items, total, page: 1, page_size: 20 }
}

async function mountAs(me = sysAdmin) {
  const pinia = createPinia()
  setActivePinia(pinia)
  useAuthStore().me = me
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { template: '<div />' } },
      { path: '/403', name: 'forbidden', component: { template: '<div />' } },
    ],
  })
  await router.push('/')
  const wrapper = mount(UserList, {
    global: { plugins: [pinia, router], directives: { access: vAccess } },
    attachTo: document.body,
  })
  await flushPromises()
  return wrapper
}

describe('用户管理 list page', () => {
  beforeEach(() => {
    api.userList.mockReset()
    api.userList.mockResolvedValue(page([alice], 45))
    api.download.mockReset()
    api.download.mockResolvedValue('用户列表.xlsx')
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('loads the first page on open', async () => {
    const w = await mountAs()
    expect(api.userList).toHaveBeenCalledTimes(1)
    expect(api.userList).toHaveBeenLastCalledWith({ page: 1, page_size: 20 })
    expect(w.get('[data-testid="user-table"]').text()).toContain('alice')
    expect(w.get('[data-testid="user-table"]').text()).toContain('县区审核员 · 红旗区')
  })

  it('submits the typed keyword (trimmed) as q, back on page 1', async () => {
    const w = await mountAs()
    await w.get('[data-testid="search-q"]').setValue('  alice ')
    await w.get('[data-testid="search-submit"]').trigger('submit')
    await flushPromises()
    expect(api.userList).toHaveBeenLastCalledWith({ q: 'alice', page: 1, page_size: 20 })
  })

  it('pages with the filters of the last search, not half-typed ones', async () => {
    const w = await mountAs()
    await w.get('[data-testid="search-q"]').setValue('alice')
    await w.get('[data-testid="search-submit"]').trigger('submit')
    await flushPromises()
    await w.get('[data-testid="search-q"]').setValue('bob')
    await w.get('.el-pagination .btn-next').trigger('click')
    await flushPromises()
    expect(api.userList).toHaveBeenLastCalledWith({ q: 'alice', page: 2, page_size: 20 })
  })

  it('reset clears the filters and reloads page 1', async () => {
    const w = await mountAs()
    await w.get('[data-testid="search-q"]').setValue('alice')
    await w.get('[data-testid="search-submit"]').trigger('submit')
    await flushPromises()
    await w.get('[data-testid="search-reset"]').trigger('click')
    await flushPromises()
    expect(api.userList).toHaveBeenLastCalledWith({ page: 1, page_size: 20 })
    expect((w.get('[data-testid="search-q"]').element as HTMLInputElement).value).toBe('')
  })

  it('starts a background export of all rows matching the applied filters (no page, no page_size)', async () => {
    api.exportStart.mockResolvedValue({ id: 9, status: 'pending', status_label: '排队中', progress: 0, total: 0 })
    const w = await mountAs()
    await w.get('[data-testid="search-q"]').setValue('alice')
    await w.get('[data-testid="search-submit"]').trigger('submit')
    await flushPromises()
    await w.get('[data-testid="export"]').trigger('click')
    await flushPromises()
    expect(api.exportStart).toHaveBeenCalledWith('users', { q: 'alice' })
    expect(w.get('[data-testid="export-progress"]').text()).toBe('已导出 0 / 共 0')
  })

  it('shows create, role and export buttons only to users who may use them', async () => {
    const admin = await mountAs(sysAdmin)
    expect(admin.get('[data-testid="user-create"]').isVisible()).toBe(true)
    expect(admin.get('[data-testid="user-roles-alice"]').isVisible()).toBe(true)
    expect(admin.get('[data-testid="export"]').isVisible()).toBe(true)
    admin.unmount()

    const officer = await mountAs({ ...countyAOfficer, permissions: ['accounts.view_user'] })
    // a viewer without accounts.manage_user / accounts.export_user
    expect(officer.get('[data-testid="user-create"]').isVisible()).toBe(false)
    expect(officer.get('[data-testid="user-roles-alice"]').isVisible()).toBe(false)
    expect(officer.get('[data-testid="export"]').isVisible()).toBe(false)
  })
})
