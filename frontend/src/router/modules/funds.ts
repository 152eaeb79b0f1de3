/** Routes of the funds area (试点资金): budget lines, the ledger and reconciliation. */
import { Coin, Money, Wallet } from '@element-plus/icons-vue'
import { markRaw } from 'vue'
import type { RouteRecordRaw } from 'vue-router'

export const layout: RouteRecordRaw[] = [
  {
    path: '/funds',
    name: 'funds',
    redirect: '/funds/ledger',
    meta: { title: '试点资金', icon: markRaw(Wallet) },
    children: [
      {
        path: 'ledger',
        name: 'funds-ledger',
        component: () => import('@/views/funds/ledger/index.vue'),
        meta: { title: '资金台账', icon: markRaw(Money), permission: 'funds.view_ledger' },
      },
      {
        path: 'subsidies',
        name: 'funds-subsidies',
        component: () => import('@/views/funds/subsidies/list.vue'),
        meta: { title: '改造补贴', icon: markRaw(Coin), permission: 'funds.view_ledger' },
      },
      {
        path: 'subsidies/:id(\\d+)',
        name: 'funds-subsidy',
        component: () => import('@/views/funds/subsidies/detail.vue'),
        meta: { title: '补贴申请', hideInMenu: true, permission: 'funds.view_ledger' },
      },
    ],
  },
]

export const publicRoutes: RouteRecordRaw[] = []
