/** Routes of the results dashboard (试点成效展示). `layout`: pages inside the admin layout; `publicRoutes`: pages outside it (the big screen still needs a login and the permission). */
import { DataAnalysis, Histogram, List, TrendCharts } from '@element-plus/icons-vue'
import { markRaw } from 'vue'
import type { RouteRecordRaw } from 'vue-router'

export const layout: RouteRecordRaw[] = [
  {
    path: '/insights',
    name: 'insights',
    redirect: '/insights/dashboard',
    meta: { title: '试点成效', icon: markRaw(DataAnalysis) },
    children: [
      {
        path: 'dashboard',
        name: 'insights-dashboard',
        component: () => import('@/views/insights/dashboard/index.vue'),
        meta: { title: '成效看板', icon: markRaw(TrendCharts), permission: 'insights.view_dashboard' },
      },
      {
        path: 'progress',
        name: 'insights-progress',
        component: () => import('@/views/insights/progress/index.vue'),
        meta: { title: '进度统计报表', icon: markRaw(List), permission: 'insights.view_dashboard' },
      },
      {
        path: 'kpi-below',
        name: 'insights-kpi-below',
        component: () => import('@/views/insights/kpi-below/index.vue'),
        meta: { title: '未达标规上企业', icon: markRaw(Histogram), permission: 'insights.view_dashboard' },
      },
    ],
  },
]

export const publicRoutes: RouteRecordRaw[] = [
  {
    // full-window big screen (1920×1080), outside the admin layout; login and permission still checked
    path: '/insights/screen',
    name: 'insights-screen',
    component: () => import('@/views/insights/screen/index.vue'),
    meta: { title: '成效大屏', permission: 'insights.view_dashboard' },
  },
]
