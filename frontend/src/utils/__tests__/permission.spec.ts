import { describe, expect, it } from 'vitest'

import { layoutChildren } from '@/router/routes'
import { countyAOfficer, enterpriseAUser, expert, sysAdmin } from '@/test/personas'

import { buildMenu, canAccess, firstMenuPath, type MenuItem } from '../permission'

function names(items: MenuItem[]): string[] {
  return items.flatMap((i) => [i.name, ...(i.children ? names(i.children) : [])])
}

describe('buildMenu (left menu from the route table)', () => {
  it('gives the system admin every system page', () => {
    const menu = names(buildMenu(layoutChildren, sysAdmin.permissions))
    expect(menu).toEqual([
      'workspace',
      'message-center',
      'system',
      'system-user',
      'system-role',
      'system-region',
      'system-org',
      'system-dict',
      'system-audit',
      'system-login-log',
      'system-task',
    ])
  })

  it('gives a county officer only the pages their permissions open', () => {
    const menu = buildMenu(layoutChildren, countyAOfficer.permissions)
    expect(names(menu)).toEqual(['workspace', 'review-center', 'message-center', 'system', 'system-region', 'system-org', 'system-dict'])
    const system = menu.find((m) => m.name === 'system')!
    expect(system.children!.map((c) => c.path)).toEqual(['/system/regions', '/system/orgs', '/system/dicts'])
  })

  it('hides a group whose children are all forbidden', () => {
    // orgs.view_org alone (their own org) does not open 组织机构
    const menu = names(buildMenu(layoutChildren, enterpriseAUser.permissions))
    expect(menu).toEqual(['workspace', 'review-center', 'message-center'])
    expect(menu).not.toContain('system')
  })

  it('leaves an expert the pages everyone has', () => {
    expect(names(buildMenu(layoutChildren, expert.permissions))).toEqual(['workspace', 'message-center'])
  })

  it('builds full paths for nested pages', () => {
    const menu = buildMenu(layoutChildren, ['taskqueue.view_task'])
    expect(menu.find((m) => m.name === 'system')!.children).toMatchObject([{ name: 'system-task', path: '/system/tasks', title: '后台任务' }])
    expect(firstMenuPath(menu)).toBe('/workspace')
  })
})

describe('canAccess', () => {
  it('requires the single permission', () => {
    expect(canAccess({ permission: 'orgs.view_org' }, ['orgs.view_org'])).toBe(true)
    expect(canAccess({ permission: 'orgs.view_org' }, ['orgs.manage_org'])).toBe(false)
    expect(canAccess({ permission: 'orgs.view_org' }, undefined)).toBe(false)
  })

  it('accepts any one of anyPermission', () => {
    const meta = { anyPermission: ['reviews.review_county', 'reviews.review_city'] }
    expect(canAccess(meta, ['reviews.review_city'])).toBe(true)
    expect(canAccess(meta, ['orgs.view_org'])).toBe(false)
  })

  it('lets anyone in where nothing is required', () => {
    expect(canAccess(undefined, [])).toBe(true)
    expect(canAccess({}, [])).toBe(true)
  })
})
