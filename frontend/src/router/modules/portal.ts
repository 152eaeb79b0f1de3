/**
 * Routes of the portal area. `layout`: content management inside the admin layout (group 内容管理);
 * `publicRoutes`: the public portal under /portal (no login), framed by PortalLayout.
 */
import { Connection, DataAnalysis, Document, Notebook, Reading, Sell } from '@element-plus/icons-vue'
import { markRaw } from 'vue'
import type { RouteRecordRaw } from 'vue-router'

import { portalChildren as policyPages } from './policies'

export const layout: RouteRecordRaw[] = [
  {
    path: '/content',
    name: 'content',
    redirect: '/content/announcements',
    meta: { title: '内容管理', icon: markRaw(Reading) },
    children: [
      {
        path: 'announcements',
        name: 'content-announcement',
        component: () => import('@/views/content/announcement/list.vue'),
        meta: { title: '公告资讯', icon: markRaw(Document), permission: 'portal.manage_content' },
      },
      {
        path: 'cases',
        name: 'content-case',
        component: () => import('@/views/content/case/list.vue'),
        meta: { title: '典型案例', icon: markRaw(Notebook), permission: 'portal.manage_case' },
      },
      {
        path: 'needs',
        name: 'content-need',
        component: () => import('@/views/content/need/list.vue'),
        meta: { title: '供需需求', icon: markRaw(Connection), anyPermission: ['portal.post_need', 'portal.review_supply_demand'] },
      },
      {
        path: 'offers',
        name: 'content-offer',
        component: () => import('@/views/content/offer/list.vue'),
        meta: { title: '服务供给', icon: markRaw(Sell), anyPermission: ['portal.post_offer', 'portal.review_supply_demand'] },
      },
      {
        path: 'supply-demand-statistics',
        name: 'content-sd-statistics',
        component: () => import('@/views/content/statistics/index.vue'),
        meta: { title: '供需统计', icon: markRaw(DataAnalysis), permission: 'portal.review_supply_demand' },
      },
    ],
  },
]

export const publicRoutes: RouteRecordRaw[] = [
  {
    path: '/portal',
    component: () => import('@/components/Portal/PortalLayout.vue'),
    meta: { public: true },
    children: [
      { path: '', name: 'portal-home', component: () => import('@/views/portal/home.vue'), meta: { title: '首页', public: true } },
      ...policyPages,
      {
        path: 'subsidies',
        name: 'portal-subsidies',
        component: () => import('@/views/portal/subsidies/index.vue'),
        meta: { title: '奖补名单', public: true },
      },
      {
        path: 'results',
        name: 'portal-results',
        component: () => import('@/views/portal/results/index.vue'),
        meta: { title: '试点成效', public: true },
      },
      {
        path: 'announcements',
        name: 'portal-announcements',
        component: () => import('@/views/portal/announcements/list.vue'),
        meta: { title: '公告资讯', public: true },
      },
      {
        path: 'announcements/:id(\\d+)',
        name: 'portal-announcement',
        component: () => import('@/views/portal/announcements/detail.vue'),
        meta: { title: '公告详情', public: true },
      },
      { path: 'cases', name: 'portal-cases', component: () => import('@/views/portal/cases/list.vue'), meta: { title: '典型案例', public: true } },
      {
        path: 'cases/:id(\\d+)',
        name: 'portal-case',
        component: () => import('@/views/portal/cases/detail.vue'),
        meta: { title: '案例详情', public: true },
      },
      {
        path: 'scenarios',
        name: 'portal-scenarios',
        component: () => import('@/views/portal/scenarios/list.vue'),
        meta: { title: '产业链场景库', public: true },
      },
      {
        path: 'scenarios/:id(\\d+)',
        name: 'portal-scenario',
        component: () => import('@/views/portal/scenarios/detail.vue'),
        meta: { title: '场景详情', public: true },
      },
      { path: 'needs', name: 'portal-needs', component: () => import('@/views/portal/needs/list.vue'), meta: { title: '企业需求', public: true } },
      {
        path: 'needs/:id(\\d+)',
        name: 'portal-need',
        component: () => import('@/views/portal/needs/detail.vue'),
        meta: { title: '需求详情', public: true },
      },
      { path: 'offers', name: 'portal-offers', component: () => import('@/views/portal/offers/list.vue'), meta: { title: '服务供给', public: true } },
      {
        path: 'offers/:id(\\d+)',
        name: 'portal-offer',
        component: () => import('@/views/portal/offers/detail.vue'),
        meta: { title: '供给详情', public: true },
      },
      {
        path: 'products',
        name: 'portal-products',
        component: () => import('@/views/portal/products/list.vue'),
        meta: { title: '服务商产品目录', public: true },
      },
      {
        path: 'products/:id(\\d+)',
        name: 'portal-product',
        component: () => import('@/views/portal/products/detail.vue'),
        meta: { title: '产品详情', public: true },
      },
      {
        path: 'recruitment',
        name: 'portal-recruitment',
        component: () => import('@/views/portal/recruitment/list.vue'),
        meta: { title: '招聘信息', public: true },
      },
      {
        path: 'applications',
        name: 'portal-applications',
        component: () => import('@/views/portal/applications/index.vue'),
        meta: { title: '申报公示与结果', public: true },
      },
      { path: 'publicity', name: 'portal-publicity', component: () => import('@/views/portal/publicity/list.vue'), meta: { title: '公示公告', public: true } },
      { path: 'search', name: 'portal-search', component: () => import('@/views/portal/search/index.vue'), meta: { title: '搜索', public: true } },
    ],
  },
]
