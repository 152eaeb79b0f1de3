import type { Component } from 'vue'

import 'vue-router'

declare module 'vue-router' {
  interface RouteMeta {
    /** Menu, tab, breadcrumb and document title. */
    title?: string
    icon?: Component
    /** Permission code required to open the page (and to see its menu item). */
    permission?: string
    /** Any one of these codes is enough. */
    anyPermission?: string[]
    hideInMenu?: boolean
    /** Reachable without logging in (login, register, error pages). */
    public?: boolean
    /** Tab cannot be closed (the workspace). */
    affix?: boolean
  }
}

export {}
