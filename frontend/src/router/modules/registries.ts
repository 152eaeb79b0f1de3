/** Routes of the registries area (issue 5): enterprise fact base, pilot enterprises, providers.
 * `layout`: pages inside the admin layout (menu, tabs); `publicRoutes`: pages without login. */
import {
  Box,
  Briefcase,
  ChatLineSquare,
  Document,
  Flag,
  Goods,

  OfficeBuilding,
  Postcard,
  Shop,
  Star,
  Trophy,
  Upload,
  Warning,
} from '@element-plus/icons-vue'
import { markRaw } from 'vue'
import type { RouteLocationRaw, RouteRecordRaw } from 'vue-router'

import { useAuthStore } from '@/stores/auth'

const PILOT = { kind: 'pilot' }
/** 服务商遴选 campaigns (providers/selection.py registers the kind with its presets). */
const PROVIDER = { kind: 'provider' }

/** Where 试点企业遴选 leads each role: the applicant to 在线申报, an expert to the submissions awaiting their
 * score, officers to the campaigns of the pilot kind (the city manages them, a county follows them). */
export function pilotSelectionTarget(): RouteLocationRaw {
  const auth = useAuthStore()
  if (auth.can('applications.apply')) return { path: '/applications/apply', query: PILOT }
  if (auth.can('applications.score_submission') && !auth.can('applications.override_indicator')) {
    return { path: '/applications/submissions', query: { ...PILOT, to_score: '1' } }
  }
  return { path: '/applications/campaigns', query: PILOT }
}

/** Where 服务商遴选 leads: a provider to 在线申报, an expert to the submissions awaiting their score, the city to
 * the campaigns of the provider kind. */
export function providerSelectionTarget(): RouteLocationRaw {
  const auth = useAuthStore()
  if (auth.can('applications.apply')) return { path: '/applications/apply', query: PROVIDER }
  if (auth.can('applications.score_submission') && !auth.can('applications.override_indicator')) {
    return { path: '/applications/submissions', query: { ...PROVIDER, to_score: '1' } }
  }
  return { path: '/applications/campaigns', query: PROVIDER }
}

export const layout: RouteRecordRaw[] = [
  {
    path: '/enterprises',
    name: 'enterprises',
    redirect: '/enterprises/profiles',
    meta: { title: '企业与试点', icon: markRaw(OfficeBuilding) },
    children: [
      {
        path: 'profiles',
        name: 'enterprise-profile',
        component: () => import('@/views/enterprises/profile/list.vue'),
        meta: { title: '企业档案', icon: markRaw(Document), permission: 'enterprises.view_profile' },
      },
      {
        path: 'imports',
        name: 'enterprise-import',
        component: () => import('@/views/enterprises/import/index.vue'),
        meta: { title: '企业批量导入', icon: markRaw(Upload), permission: 'enterprises.import_enterprise' },
      },
      {
        // 试点企业遴选 runs on the application engine: this entry opens the engine's pages for the pilot kind
        path: 'selection',
        name: 'pilot-selection',
        // beforeEnter runs after the global guard has loaded the session (a redirect would run before it)
        component: () => import('@/views/applications/apply/open.vue'),
        beforeEnter: () => pilotSelectionTarget(),
        meta: {
          title: '试点企业遴选',
          icon: markRaw(Flag),
          // who follows pilot campaigns (city, counties, enterprises) and the experts who score them
          anyPermission: ['enterprises.view_pilot', 'applications.score_submission'],
        },
      },
      {
        path: 'pilots',
        name: 'pilot-library',
        component: () => import('@/views/enterprises/pilot/list.vue'),
        meta: { title: '试点企业库', icon: markRaw(Trophy), permission: 'enterprises.view_pilot' },
      },
      {
        path: 'recruitment',
        name: 'recruitment',
        component: () => import('@/views/enterprises/recruitment/list.vue'),
        meta: { title: '招聘信息', icon: markRaw(Postcard), permission: 'enterprises.view_recruitment' },
      },
    ],
  },
  {
    path: '/providers',
    name: 'providers',
    redirect: '/providers/pool',
    meta: { title: '服务商', icon: markRaw(Shop) },
    children: [
      {
        // 服务商遴选 is a campaign of the application engine: this entry opens the engine's pages for that kind
        path: 'selection',
        name: 'provider-selection',
        // resolved in beforeEnter, after the global guard has loaded the session (a route `redirect` runs before it)
        component: { render: () => null },
        beforeEnter: () => providerSelectionTarget(),
        meta: {
          title: '服务商遴选',
          icon: markRaw(Briefcase),
          anyPermission: ['applications.manage_campaign', 'providers.manage_product', 'applications.score_submission'],
        },
      },
      {
        path: 'pool',
        name: 'provider-pool',
        component: () => import('@/views/providers/pool/list.vue'),
        meta: { title: '服务商库', icon: markRaw(Box), permission: 'providers.view_pool' },
      },
      {
        path: 'products',
        name: 'provider-products',
        component: () => import('@/views/providers/product/list.vue'),
        meta: { title: '产品与解决方案', icon: markRaw(Goods), permission: 'providers.view_product' },
      },
      {
        path: 'ratings',
        name: 'provider-ratings',
        component: () => import('@/views/providers/rating/list.vue'),
        meta: { title: '服务商评级', icon: markRaw(Star), permission: 'providers.view_rating' },
      },
      {
        path: 'rating-appeals',
        name: 'provider-rating-appeals',
        component: () => import('@/views/providers/rating-appeals/list.vue'),
        meta: { title: '评级申诉', icon: markRaw(ChatLineSquare), permission: 'providers.view_rating' },
      },
      {
        path: 'complaints',
        name: 'provider-complaints',
        component: () => import('@/views/providers/complaints/list.vue'),
        meta: { title: '服务商投诉', icon: markRaw(Warning), permission: 'providers.view_complaint' },
      },
    ],
  },
]

export const publicRoutes: RouteRecordRaw[] = []

