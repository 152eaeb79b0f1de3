import { REVIEW_PERMISSIONS } from '@/utils/permission'

/** orgs.services.ORG_VERIFICATION — the review an enterprise / provider goes through after registering. */
export const ORG_VERIFICATION = 'org_verification'

/** Org-scoped roles (enterprise / provider users) carry the org the workspace reports on. */
export const ORG_ROLES = ['enterprise_user', 'provider_user']

export interface Shortcut {
  title: string
  path: string
  /** Shown to whoever holds one of these codes. */
  anyPermission: string[]
}

/** Where each role usually goes next; filtered by the user's permissions. */
export const SHORTCUTS: Shortcut[] = [
  { title: '开始数字化水平自评测', path: '/assessment/self', anyPermission: ['assessment.fill_assessment'] },
  { title: '申报试点企业', path: '/applications/apply', anyPermission: ['applications.apply'] },
  { title: '发起诊断 / 改造项目', path: '/projects/list', anyPermission: ['projects.start_project'] },
  { title: '申请入库服务商', path: '/providers/selection', anyPermission: ['providers.manage_product'] },
  { title: '发布产品与解决方案', path: '/providers/products', anyPermission: ['providers.manage_product'] },
  { title: '我承接的项目', path: '/projects/list', anyPermission: ['projects.serve_project'] },
  { title: '审核中心：待我审核', path: '/reviews?tab=todo', anyPermission: REVIEW_PERMISSIONS },
  { title: '现场评定', path: '/assessment/onsite', anyPermission: ['assessment.rate_onsite'] },
  { title: '综合分析', path: '/assessment/analysis', anyPermission: ['assessment.view_analysis'] },
  { title: '试点企业库', path: '/enterprises/pilots', anyPermission: ['enterprises.manage_pilot'] },
  { title: '服务商库', path: '/providers/pool', anyPermission: ['providers.manage_pool'] },
  { title: '用户管理', path: '/system/users', anyPermission: ['accounts.view_user'] },
  { title: '后台任务', path: '/system/tasks', anyPermission: ['taskqueue.view_task'] },
  { title: '操作日志', path: '/system/audit', anyPermission: ['audit.view_record'] },
]

export const ALERT_TYPES = { error: 'error', warning: 'warning', info: 'info' } as const
export const alertType = (level: string) => ALERT_TYPES[level as keyof typeof ALERT_TYPES] ?? 'info'
