/** Routes of the cultivation area (梯度培育): self-assessment, library, statistics and pipeline, criteria. */
import { DataAnalysis, EditPen, Finished, Medal, Setting, Trophy } from '@element-plus/icons-vue'
import { markRaw } from 'vue'
import type { RouteRecordRaw } from 'vue-router'

export const layout: RouteRecordRaw[] = [
  {
    path: '/cultivation',
    name: 'cultivation',
    redirect: '/cultivation/self',
    meta: { title: '梯度培育', icon: markRaw(Medal) },
    children: [
      {
        path: 'self',
        name: 'cultivation-self',
        component: () => import('@/views/cultivation/self/index.vue'),
        meta: { title: '梯度培育自评', icon: markRaw(EditPen), permission: 'cultivation.self_assess' },
      },
      {
        path: 'results/:id(\\d+)',
        name: 'cultivation-result',
        component: () => import('@/views/cultivation/result/index.vue'),
        props: (route) => ({ id: Number(route.params.id) }),
        meta: { title: '自评结果', icon: markRaw(Finished), permission: 'cultivation.view_self_assessment', hideInMenu: true },
      },
      {
        path: 'library',
        name: 'cultivation-library',
        component: () => import('@/views/cultivation/library/list.vue'),
        meta: { title: '梯度培育库', icon: markRaw(Trophy), permission: 'cultivation.view_pipeline' },
      },
      {
        path: 'pipeline',
        name: 'cultivation-pipeline',
        component: () => import('@/views/cultivation/pipeline/index.vue'),
        meta: { title: '梯队统计', icon: markRaw(DataAnalysis), permission: 'cultivation.view_pipeline' },
      },
      {
        path: 'criteria',
        name: 'cultivation-criteria',
        component: () => import('@/views/cultivation/criteria/index.vue'),
        meta: { title: '认定标准与参数', icon: markRaw(Setting), permission: 'cultivation.manage_criteria' },
      },
    ],
  },
]

export const publicRoutes: RouteRecordRaw[] = []
