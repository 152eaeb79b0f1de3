/** Routes of the identity area. `layout`: pages inside the admin layout (menu, tabs); `publicRoutes`: pages without login. */
import { Avatar, ChatDotRound, Connection, Link, Monitor } from '@element-plus/icons-vue'
import { markRaw } from 'vue'
import type { RouteRecordRaw } from 'vue-router'

export const layout: RouteRecordRaw[] = [
  {
    path: '/identity',
    name: 'identity',
    redirect: '/identity/sessions',
    meta: { title: '统一身份认证', icon: markRaw(Avatar) },
    children: [
      {
        path: 'providers',
        name: 'identity-provider',
        component: () => import('@/views/identity/provider/list.vue'),
        meta: { title: '认证方式配置', icon: markRaw(Connection), permission: 'identity.view_provider' },
      },
      {
        path: 'sessions',
        name: 'identity-session',
        component: () => import('@/views/identity/session/list.vue'),
        meta: { title: '在线用户', icon: markRaw(Monitor), permission: 'accounts.manage_session' },
      },
      {
        path: 'bindings',
        name: 'identity-binding',
        component: () => import('@/views/identity/binding/list.vue'),
        meta: { title: '账号绑定', icon: markRaw(Link), permission: 'identity.view_binding' },
      },
      {
        path: 'sms-outbox',
        name: 'identity-sms-outbox',
        component: () => import('@/views/identity/sms-outbox/list.vue'),
        meta: { title: '短信发件箱', icon: markRaw(ChatDotRound), permission: 'identity.view_sms_outbox' },
      },
    ],
  },
]

export const publicRoutes: RouteRecordRaw[] = []
