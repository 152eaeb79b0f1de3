/** Routes of the industry area (产业服务): chains, 数据上线, confirmation, monitoring, benchmarking, results. */
import { Collection, Connection, DataAnalysis, DataLine, Histogram, Monitor, PieChart, Share, Upload } from '@element-plus/icons-vue'
import { markRaw } from 'vue'
import type { RouteRecordRaw } from 'vue-router'

export const layout: RouteRecordRaw[] = [
  {
    path: '/industry',
    name: 'industry',
    redirect: '/industry/chains',
    meta: { title: '产业服务', icon: markRaw(Connection) },
    children: [
      {
        path: 'chains',
        name: 'industry-chains',
        component: () => import('@/views/industry/chains/index.vue'),
        meta: { title: '产业链', icon: markRaw(Share), permission: 'industry.view_chain' },
      },
      {
        path: 'report',
        name: 'industry-report',
        component: () => import('@/views/industry/report/index.vue'),
        meta: { title: '数据上线', icon: markRaw(Upload), permission: 'industry.report' },
      },
      {
        path: 'reports',
        name: 'industry-reports',
        component: () => import('@/views/industry/reports/index.vue'),
        meta: { title: '经营数据确认', icon: markRaw(DataLine), permission: 'industry.confirm_report' },
      },
      {
        path: 'monitoring',
        name: 'industry-monitoring',
        component: () => import('@/views/industry/monitoring/index.vue'),
        meta: { title: '线上监测', icon: markRaw(Monitor), permission: 'industry.view_monitoring' },
      },
      {
        path: 'benchmark',
        name: 'industry-benchmark',
        component: () => import('@/views/industry/benchmark/index.vue'),
        meta: { title: '对标分析', icon: markRaw(DataAnalysis), permission: 'industry.view_benchmark' },
      },
      {
        path: 'results',
        name: 'industry-results',
        component: () => import('@/views/industry/results/index.vue'),
        meta: { title: '成效展示', icon: markRaw(Histogram), permission: 'industry.view_monitoring' },
      },
      {
        path: 'profiles',
        name: 'industry-profiles',
        component: () => import('@/views/industry/profiles/index.vue'),
        meta: { title: '行业画像', icon: markRaw(PieChart), permission: 'industry.view_monitoring' },
      },
      {
        path: 'scenarios',
        name: 'industry-scenarios',
        component: () => import('@/views/industry/scenarios/index.vue'),
        meta: { title: '产业链场景库', icon: markRaw(Collection), permission: 'industry.view_scenario' },
      },
    ],
  },
]

export const publicRoutes: RouteRecordRaw[] = []
