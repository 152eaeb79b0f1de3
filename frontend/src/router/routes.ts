/**
 * The route table. The left menu is read from `layoutChildren` (utils/permission.ts
 * buildMenu): a page shows in the menu when it has a title and the user holds its
 * meta.permission; the router guard sends anyone else to the 403 page.
 */
import {
  Bell,
  Collection,
  DataBoard,
  Document,
  Files,
  Key,
  Location,
  OfficeBuilding,
  Setting,
  Stamp,
  Tickets,
  Timer,
  User,
} from '@element-plus/icons-vue'
import { markRaw } from 'vue'
import type { RouteRecordRaw } from 'vue-router'

import './meta'
import * as applicationsModule from './modules/applications'
import * as assessmentModule from './modules/assessment'
import * as cultivationModule from './modules/cultivation'
import * as identityModule from './modules/identity'
import * as fundsModule from './modules/funds'
import * as industryModule from './modules/industry'
import * as insightsModule from './modules/insights'
import * as policiesModule from './modules/policies'
import * as portalModule from './modules/portal'
import * as projectsModule from './modules/projects'
import * as registriesModule from './modules/registries'
import * as reportingModule from './modules/reporting'

/** Area modules (one file each under ./modules): their pages are spread into the tables below. */
const areaModules = [
  assessmentModule,
  cultivationModule,
  registriesModule,
  projectsModule,
  applicationsModule,
  insightsModule,
  fundsModule,
  reportingModule,
  policiesModule,
  industryModule,
  portalModule,
  identityModule,
]

/** Pages inside the layout (menu, tabs, breadcrumb). */
export const layoutChildren: RouteRecordRaw[] = [
  {
    path: '/workspace',
    name: 'workspace',
    component: () => import('@/views/workspace/index.vue'),
    meta: { title: '工作台', icon: markRaw(DataBoard), affix: true },
  },
  {
    path: '/reviews',
    name: 'review-center',
    component: () => import('@/views/review/list.vue'),
    meta: { title: '审核中心', icon: markRaw(Stamp), permission: 'reviews.view_review' },
  },
  {
    path: '/messages',
    name: 'message-center',
    component: () => import('@/views/messages/index.vue'),
    meta: { title: '消息中心', icon: markRaw(Bell) },
  },
  ...areaModules.flatMap((m) => m.layout),
  {
    path: '/system',
    name: 'system',
    redirect: '/system/users',
    meta: { title: '系统管理', icon: markRaw(Setting) },
    children: [
      {
        path: 'users',
        name: 'system-user',
        component: () => import('@/views/system/user/list.vue'),
        meta: { title: '用户管理', icon: markRaw(User), permission: 'accounts.view_user' },
      },
      {
        path: 'roles',
        name: 'system-role',
        component: () => import('@/views/system/role/list.vue'),
        meta: { title: '角色管理', icon: markRaw(Key), permission: 'rbac.view_role' },
      },
      {
        path: 'regions',
        name: 'system-region',
        component: () => import('@/views/system/region/list.vue'),
        meta: { title: '行政区划', icon: markRaw(Location), permission: 'regions.view_region' },
      },
      {
        path: 'orgs',
        name: 'system-org',
        component: () => import('@/views/system/org/list.vue'),
        // enterprise / provider users may view their own org (orgs.view_org) but do not
        // administer orgs: the page is for those who maintain or verify them
        meta: {
          title: '组织机构',
          icon: markRaw(OfficeBuilding),
          permission: 'orgs.view_org',
          anyPermission: ['orgs.manage_org', 'orgs.verify_org'],
        },
      },
      {
        path: 'dicts',
        name: 'system-dict',
        component: () => import('@/views/system/dict/list.vue'),
        meta: { title: '数据字典', icon: markRaw(Collection), permission: 'dicts.view_dict' },
      },
      {
        path: 'audit',
        name: 'system-audit',
        component: () => import('@/views/system/audit/list.vue'),
        meta: { title: '操作日志', icon: markRaw(Document), permission: 'audit.view_record' },
      },
      {
        path: 'login-logs',
        name: 'system-login-log',
        component: () => import('@/views/system/login-log/list.vue'),
        meta: { title: '登录日志', icon: markRaw(Tickets), permission: 'accounts.view_login_log' },
      },
      {
        path: 'tasks',
        name: 'system-task',
        component: () => import('@/views/system/task/list.vue'),
        meta: { title: '后台任务', icon: markRaw(Timer), permission: 'taskqueue.view_task' },
      },
    ],
  },
]

export const routes: RouteRecordRaw[] = [
  ...areaModules.flatMap((m) => m.publicRoutes),
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/login/index.vue'),
    meta: { title: '登录', public: true },
  },
  {
    path: '/register',
    name: 'register',
    component: () => import('@/views/register/index.vue'),
    meta: { title: '机构注册', public: true, icon: markRaw(Files) },
  },
  {
    path: '/register/result',
    name: 'register-result',
    component: () => import('@/views/register/result.vue'),
    meta: { title: '注册结果', public: true },
  },
  {
    path: '/',
    name: 'root',
    component: () => import('@/layouts/BasicLayout.vue'),
    redirect: '/workspace',
    children: [
      ...layoutChildren,
      {
        path: '/403',
        name: 'forbidden',
        component: () => import('@/views/exception/403.vue'),
        meta: { title: '无权访问', hideInMenu: true },
      },
    ],
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('@/views/exception/404.vue'),
    meta: { title: '页面不存在', public: true },
  },
]
