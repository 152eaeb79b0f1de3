/** Routes of the reporting area (上报与绩效): the national platform outbox and the 绩效 snapshots. */
import { Histogram, Promotion, Upload } from '@element-plus/icons-vue'
import { markRaw } from 'vue'
import type { RouteRecordRaw } from 'vue-router'

export const layout: RouteRecordRaw[] = [
  {
    path: '/reporting',
    name: 'reporting',
    redirect: '/reporting/performance',
    meta: { title: '上报与绩效', icon: markRaw(Promotion) },
    children: [
      {
        path: 'performance',
        name: 'reporting-performance',
        component: () => import('@/views/reporting/performance/index.vue'),
        meta: { title: '绩效指标', icon: markRaw(Histogram), permission: 'reporting.view_performance' },
      },
      {
        path: 'outbox',
        name: 'reporting-outbox',
        component: () => import('@/views/reporting/outbox/index.vue'),
        meta: { title: '国家平台上报', icon: markRaw(Upload), permission: 'reporting.view_outbox' },
      },
    ],
  },
]

export const publicRoutes: RouteRecordRaw[] = []
