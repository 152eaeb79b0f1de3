/** Routes of the policies area (惠企政策): the city editor, 我的政策, and the public policy zone. */
import { Document, Files, Stamp } from '@element-plus/icons-vue'
import { markRaw } from 'vue'
import type { RouteRecordRaw } from 'vue-router'

export const layout: RouteRecordRaw[] = [
  {
    path: '/policies',
    name: 'policies',
    redirect: '/policies/manage',
    meta: { title: '惠企政策', icon: markRaw(Files) },
    children: [
      {
        path: 'manage',
        name: 'policies-manage',
        component: () => import('@/views/policies/manage/list.vue'),
        meta: { title: '政策管理', icon: markRaw(Document), permission: 'policies.view_policy' },
      },
      {
        path: 'manage/:id(\\d+)',
        name: 'policies-detail',
        component: () => import('@/views/policies/manage/detail.vue'),
        meta: { title: '政策详情', icon: markRaw(Document), permission: 'policies.view_policy', hideInMenu: true },
      },
      {
        path: 'mine',
        name: 'policies-mine',
        component: () => import('@/views/policies/mine/list.vue'),
        meta: { title: '我的政策', icon: markRaw(Stamp), permission: 'policies.view_own_match' },
      },
      {
        path: 'mine/:id(\\d+)',
        name: 'policies-mine-detail',
        component: () => import('@/views/policies/mine/detail.vue'),
        meta: { title: '政策匹配说明', icon: markRaw(Stamp), permission: 'policies.view_own_match', hideInMenu: true },
      },
    ],
  },
]

export const publicRoutes: RouteRecordRaw[] = []

/** Children of the public portal layout (added to the portal's /portal route). */
export const portalChildren: RouteRecordRaw[] = [
  {
    path: 'policies',
    name: 'portal-policies',
    component: () => import('@/views/portal/policies/list.vue'),
    meta: { title: '惠企政策', public: true },
  },
  {
    path: 'policies/:id(\\d+)',
    name: 'portal-policy',
    component: () => import('@/views/portal/policies/detail.vue'),
    meta: { title: '政策详情', public: true },
  },
]
