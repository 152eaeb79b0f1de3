/** Routes of the assessment area. `layout`: pages inside the admin layout (menu, tabs); `publicRoutes`: pages without login. */
import { Collection, DataAnalysis, EditPen, Finished, Histogram, Tickets, TrendCharts, UserFilled } from '@element-plus/icons-vue'
import { markRaw } from 'vue'
import type { RouteRecordRaw } from 'vue-router'

export const layout: RouteRecordRaw[] = [
  {
    path: '/assessment',
    name: 'assessment',
    redirect: '/assessment/self',
    meta: { title: '数字化水平评测', icon: markRaw(TrendCharts) },
    children: [
      {
        path: 'self',
        name: 'assessment-self',
        component: () => import('@/views/assessment/self/index.vue'),
        meta: { title: '我的评测', icon: markRaw(EditPen), permission: 'assessment.fill_assessment' },
      },
      {
        path: 'fill/:id(\\d+)',
        name: 'assessment-fill',
        component: () => import('@/views/assessment/self/fill.vue'),
        props: (route) => ({ id: Number(route.params.id) }),
        meta: { title: '评测填报', icon: markRaw(EditPen), permission: 'assessment.fill_assessment', hideInMenu: true },
      },
      {
        path: 'results/:id(\\d+)',
        name: 'assessment-result',
        component: () => import('@/views/assessment/result/index.vue'),
        props: (route) => ({ id: Number(route.params.id), kind: 'self' }),
        meta: { title: '评测结果', icon: markRaw(Finished), permission: 'assessment.view_assessment', hideInMenu: true },
      },
      {
        path: 'history',
        name: 'assessment-history',
        component: () => import('@/views/assessment/history/index.vue'),
        meta: { title: '评测历史', icon: markRaw(Histogram), permission: 'assessment.view_assessment' },
      },
      {
        path: 'analysis',
        name: 'assessment-analysis',
        component: () => import('@/views/assessment/analysis/index.vue'),
        meta: { title: '综合分析', icon: markRaw(DataAnalysis), permission: 'assessment.view_analysis' },
      },
      {
        path: 'onsite',
        name: 'assessment-onsite',
        component: () => import('@/views/assessment/onsite/list.vue'),
        meta: { title: '现场评定', icon: markRaw(Tickets), permission: 'assessment.rate_onsite' },
      },
      {
        path: 'onsite/:id(\\d+)',
        name: 'assessment-onsite-edit',
        component: () => import('@/views/assessment/onsite/edit.vue'),
        props: (route) => ({ id: Number(route.params.id) }),
        meta: { title: '现场评定填报', icon: markRaw(Tickets), permission: 'assessment.rate_onsite', hideInMenu: true },
      },
      {
        path: 'onsite/:id(\\d+)/result',
        name: 'assessment-onsite-result',
        component: () => import('@/views/assessment/result/index.vue'),
        props: (route) => ({ id: Number(route.params.id), kind: 'onsite' }),
        meta: {
          title: '现场评定结果',
          icon: markRaw(Finished),
          anyPermission: ['assessment.rate_onsite', 'assessment.view_assessment'],
          hideInMenu: true,
        },
      },
      {
        path: 'experts',
        name: 'assessment-experts',
        component: () => import('@/views/assessment/experts/list.vue'),
        // experts hold rate_onsite too, but assigning is for city / county users (view_analysis)
        meta: {
          title: '评定专家指派',
          icon: markRaw(UserFilled),
          permission: 'assessment.rate_onsite',
          anyPermission: ['assessment.view_analysis'],
        },
      },
      {
        path: 'indicator-sets',
        name: 'assessment-indicator-sets',
        component: () => import('@/views/assessment/indicator-set/list.vue'),
        meta: { title: '评测指标体系', icon: markRaw(Collection), permission: 'assessment.manage_indicator_set' },
      },
    ],
  },
]

export const publicRoutes: RouteRecordRaw[] = []
