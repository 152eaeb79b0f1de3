import { createRouter, createWebHistory, type Router } from 'vue-router'

import { installGuard } from './guard'
import { routes } from './routes'

export function createAppRouter(): Router {
  const router = createRouter({
    history: createWebHistory(import.meta.env.BASE_URL),
    routes,
    scrollBehavior: () => ({ top: 0 }),
  })
  installGuard(router)
  return router
}
