/** Routes of the pilot projects area. `layout`: pages inside the admin layout (menu, tabs); `publicRoutes`: pages without login. */
import { Document, Files, FolderOpened } from '@element-plus/icons-vue'
import { markRaw } from 'vue'
import type { RouteRecordRaw } from 'vue-router'

export const layout: RouteRecordRaw[] = [
  {
    path: '/projects',
    name: 'projects',
    redirect: '/projects/list',
    meta: { title: '试点项目', icon: markRaw(FolderOpened) },
    children: [
      {
        path: 'list',
        name: 'project-list',
        component: () => import('@/views/projects/list/index.vue'),
        // experts reach the projects they score (acceptance expert scoring) through the same list
        meta: { title: '项目管理', icon: markRaw(Files), anyPermission: ['projects.view_project', 'projects.score_acceptance'] },
      },
      {
        path: ':id(\\d+)',
        name: 'project-detail',
        component: () => import('@/views/projects/detail/index.vue'),
        props: (route) => ({ id: Number(route.params.id) }),
        meta: {
          title: '项目详情',
          icon: markRaw(Document),
          anyPermission: ['projects.view_project', 'projects.score_acceptance'],
          hideInMenu: true,
        },
      },
    ],
  },
]

export const publicRoutes: RouteRecordRaw[] = [
  {
    path: '/verify-contract',
    name: 'verify-contract',
    component: () => import('@/views/projects/verify/index.vue'),
    meta: { title: '电子合同验证', public: true },
  },
]
