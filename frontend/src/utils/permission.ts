/**
 * Which parts of the UI a user sees. Display only — the back end is the boundary
 * (STYLE.md, front end rule 14).
 */
import type { Component } from 'vue'
import type { RouteRecordRaw } from 'vue-router'

/** Either review level may act in the review center. */
export const REVIEW_PERMISSIONS = ['reviews.review_county', 'reviews.review_city', 'reviews.review_finance']

export interface AccessMeta {
  /** One permission code the user must hold. */
  permission?: string
  /** Any one of these codes is enough. */
  anyPermission?: string[]
}

export function hasPermission(granted: readonly string[] | undefined, code: string): boolean {
  return !!granted && granted.includes(code)
}

export function canAccess(meta: AccessMeta | undefined, granted: readonly string[] | undefined): boolean {
  if (!meta) return true
  if (meta.permission && !hasPermission(granted, meta.permission)) return false
  if (meta.anyPermission?.length && !meta.anyPermission.some((code) => hasPermission(granted, code))) return false
  return true
}

export interface MenuItem {
  /** Route name; the menu item carries data-testid="menu-<name>". */
  name: string
  title: string
  path: string
  icon?: Component
  children?: MenuItem[]
}

function joinPath(parent: string, path: string): string {
  if (path.startsWith('/')) return path
  return `${parent.replace(/\/$/, '')}/${path}`
}

/**
 * The left menu, read from the route table: a route shows if it has a title, is not
 * hidden, and the user holds its permission; a group shows if any child shows.
 */
export function buildMenu(routes: readonly RouteRecordRaw[], granted: readonly string[], parentPath = '/'): MenuItem[] {
  const items: MenuItem[] = []
  for (const route of routes) {
    const meta = route.meta
    if (!meta?.title || meta.hideInMenu) continue
    if (!canAccess(meta, granted)) continue
    const path = joinPath(parentPath, route.path)
    const name = String(route.name ?? path)
    if (route.children?.length) {
      const children = buildMenu(route.children, granted, path)
      if (children.length) items.push({ name, title: meta.title, path, icon: meta.icon, children })
    } else {
      items.push({ name, title: meta.title, path, icon: meta.icon })
    }
  }
  return items
}

/** First page of the menu the user may open (where to land when /workspace is not wanted). */
export function firstMenuPath(items: readonly MenuItem[]): string | null {
  for (const item of items) {
    if (item.children?.length) {
      const found = firstMenuPath(item.children)
      if (found) return found
    } else {
      return item.path
    }
  }
  return null
}
