/** The people in the tests (STYLE.md rule 10), as the front end sees them: GET /api/auth/me. */
import type { Me } from '@/api/types'

export const ALL_PERMISSIONS = [
  'accounts.view_user',
  'accounts.manage_user',
  'accounts.export_user',
  'accounts.view_login_log',
  'accounts.export_login_log',
  'rbac.view_role',
  'rbac.manage_role',
  'regions.view_region',
  'regions.manage_region',
  'orgs.view_org',
  'orgs.manage_org',
  'orgs.export_org',
  'dicts.view_dict',
  'dicts.manage_dict',
  'audit.view_record',
  'audit.export_record',
  'reviews.review_county',
  'reviews.review_city',
  'taskqueue.view_task',
  'taskqueue.retry_task',
]

function me(over: Partial<Me>): Me {
  return { id: 1, username: 'u', display_name: '用户', roles: [], permissions: [], unread_messages: 0, must_change_password: false, ...over }
}

export const sysAdmin = me({
  id: 1,
  username: 'admin',
  display_name: '系统管理员',
  roles: [{ role_code: 'sys_admin', role_name: '系统管理员', scope_kind: 'global', region: null, org: null }],
  permissions: ALL_PERMISSIONS,
})

export const countyAOfficer = me({
  id: 2,
  username: 'county_a',
  display_name: '红旗区审核员',
  roles: [{ role_code: 'county_officer', role_name: '县区审核员', scope_kind: 'region', region: { code: '410702', name: '红旗区' }, org: null }],
  permissions: ['orgs.view_org', 'reviews.review_county'],
  unread_messages: 3,
})

export const enterpriseAUser = me({
  id: 3,
  username: 'ent_a',
  display_name: '企业用户甲',
  roles: [{ role_code: 'enterprise_user', role_name: '企业用户', scope_kind: 'org', region: null, org: { id: 10, name: '新乡甲科技有限公司' } }],
  permissions: [],
})
