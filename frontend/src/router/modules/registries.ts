/** Routes of the registries area. `layout`: pages inside the admin layout (menu, tabs); `publicRoutes`: pages without login. */
import type { RouteRecordRaw } from 'vue-router'

export const layout: RouteRecordRaw[] = []

export const publicRoutes: RouteRecordRaw[] = []
