/**
 * Routes of the application engine (申报): the city designs templates and opens campaigns, reviewers work
 * the submission list and the side-by-side review, enterprises apply and follow their submissions.
 */
import { Document, EditPen, Finished, Memo, Postcard, Tickets } from '@element-plus/icons-vue'
import { markRaw } from 'vue'
import type { RouteRecordRaw } from 'vue-router'

export const layout: RouteRecordRaw[] = [
  {
    path: '/applications',
    name: 'applications',
    redirect: '/applications/apply',
    meta: { title: '专项申报', icon: markRaw(Postcard) },
    children: [
      {
        path: 'apply',
        name: 'applications-apply',
        component: () => import('@/views/applications/apply/open.vue'),
        meta: { title: '在线申报', icon: markRaw(EditPen), permission: 'applications.apply' },
      },
      {
        path: 'apply/:campaignId(\\d+)',
        name: 'applications-fill',
        component: () => import('@/views/applications/apply/form.vue'),
        meta: { title: '填写申报书', hideInMenu: true, permission: 'applications.apply' },
      },
      {
        path: 'mine',
        name: 'applications-mine',
        component: () => import('@/views/applications/submissions/list.vue'),
        meta: { title: '我的申报', icon: markRaw(Tickets), permission: 'applications.apply' },
      },
      {
        path: 'submissions',
        name: 'applications-review',
        component: () => import('@/views/applications/submissions/list.vue'),
        meta: {
          title: '申报审核',
          icon: markRaw(Finished),
          permission: 'applications.view_submission',
          anyPermission: ['applications.override_indicator', 'applications.score_submission'],
        },
      },
      {
        path: 'submissions/:id(\\d+)',
        name: 'applications-submission',
        component: () => import('@/views/applications/submissions/detail.vue'),
        meta: { title: '申报书', hideInMenu: true, permission: 'applications.view_submission' },
      },
      {
        path: 'campaigns',
        name: 'applications-campaigns',
        component: () => import('@/views/applications/campaigns/list.vue'),
        meta: {
          title: '申报批次',
          icon: markRaw(Memo),
          permission: 'applications.view_submission',
          anyPermission: ['applications.manage_campaign', 'applications.override_indicator'],
        },
      },
      {
        path: 'templates',
        name: 'applications-templates',
        component: () => import('@/views/applications/templates/list.vue'),
        meta: { title: '申报模板', icon: markRaw(Document), permission: 'applications.view_template' },
      },
      {
        path: 'templates/:id',
        name: 'applications-designer',
        component: () => import('@/views/applications/templates/designer.vue'),
        meta: { title: '模板设计', hideInMenu: true, permission: 'applications.manage_template' },
      },
    ],
  },
]

export const publicRoutes: RouteRecordRaw[] = []
