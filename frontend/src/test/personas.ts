/**
 * The people in the tests (STYLE.md rule 10), as GET /api/auth/me describes them —
 * permission sets copied from the back end's built-in roles (load_demo).
 */
import type { Me } from '@/api/types'

export const SYS_ADMIN_PERMISSIONS = [
  'accounts.export_login_log',
  'accounts.export_user',
  'accounts.manage_user',
  'accounts.view_login_log',
  'accounts.view_user',
  'audit.export_record',
  'audit.view_record',
  'dicts.manage_dict',
  'dicts.view_dict',
  'files.view_file',
  'orgs.export_org',
  'orgs.manage_org',
  'orgs.view_org',
  'rbac.manage_role',
  'rbac.view_role',
  'regions.manage_region',
  'regions.view_region',
  'taskqueue.retry_task',
  'taskqueue.view_task',
]

function me(over: Partial<Me>): Me {
  return {
    id: 1,
    username: 'u',
    display_name: '用户',
    roles: [],
    permissions: [],
    unread_messages: 0,
    must_change_password: false,
    ...over,
  }
}

export const sysAdmin = me({
  id: 1,
  username: 'sysadmin',
  display_name: '平台运维管理员',
  roles: [{ role_code: 'sys_admin', role_name: '系统管理员', scope_kind: 'global', region: null, org: null }],
  permissions: SYS_ADMIN_PERMISSIONS,
})

export const countyAOfficer = me({
  id: 2,
  username: 'hongqi_officer',
  display_name: '红旗区工信局 李审核',
  roles: [{ role_code: 'county_officer', role_name: '县区审核员', scope_kind: 'region', region: { code: '410702', name: '红旗区' }, org: null }],
  permissions: [
    'dicts.view_dict',
    'files.view_file',
    'orgs.export_org',
    'orgs.verify_org',
    'orgs.view_org',
    'regions.view_region',
    'reviews.review_county',
    'reviews.view_review',
  ],
  unread_messages: 3,
})

export const enterpriseAUser = me({
  id: 3,
  username: 'huarui_user',
  display_name: '华瑞起重 张经理',
  roles: [{ role_code: 'enterprise_user', role_name: '企业用户', scope_kind: 'org', region: null, org: { id: 10, name: '长垣华瑞起重装备有限公司' } }],
  permissions: ['files.view_file', 'orgs.edit_own_org', 'orgs.view_org', 'reviews.view_review'],
})

export const expert = me({
  id: 4,
  username: 'expert_sun',
  display_name: '孙教授',
  roles: [{ role_code: 'expert', role_name: '专家', scope_kind: 'global', region: null, org: null }],
  permissions: ['reviews.score_assigned'],
})
