import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import type { RouteLocationNormalized } from 'vue-router'

export interface VisitedTab {
  name: string
  fullPath: string
  title: string
  affix: boolean
}

const STORAGE_KEY = 'smedt.tabs'
export const HOME_TAB: VisitedTab = { name: 'workspace', fullPath: '/workspace', title: '工作台', affix: true }

function load(): VisitedTab[] {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '[]') as VisitedTab[]
    if (Array.isArray(saved) && saved.length) return saved
  } catch {
    // ignore a corrupt entry
  }
  return [{ ...HOME_TAB }]
}

/** Tabs of visited pages (like RuoYi / vben), kept for the browser session. */
export const useTabsStore = defineStore('tabs', () => {
  const tabs = ref<VisitedTab[]>(load())

  watch(tabs, (value) => sessionStorage.setItem(STORAGE_KEY, JSON.stringify(value)), { deep: true })

  function visit(route: RouteLocationNormalized): void {
    if (!route.name || !route.meta.title || route.meta.public) return
    const name = String(route.name)
    const existing = tabs.value.find((t) => t.name === name)
    if (existing) {
      existing.fullPath = route.fullPath
      return
    }
    tabs.value.push({ name, fullPath: route.fullPath, title: route.meta.title, affix: !!route.meta.affix })
  }

  /** Closes a tab; returns the path to show next when the closed tab was the current one. */
  function close(name: string): string | null {
    const index = tabs.value.findIndex((t) => t.name === name)
    if (index < 0 || tabs.value[index]!.affix) return null
    tabs.value.splice(index, 1)
    const next = tabs.value[index] ?? tabs.value[index - 1] ?? HOME_TAB
    return next.fullPath
  }

  function closeOthers(name: string): void {
    tabs.value = tabs.value.filter((t) => t.affix || t.name === name)
  }

  function closeAll(): void {
    tabs.value = tabs.value.filter((t) => t.affix)
    if (!tabs.value.length) tabs.value = [{ ...HOME_TAB }]
  }

  function reset(): void {
    tabs.value = [{ ...HOME_TAB }]
  }

  return { tabs, visit, close, closeOthers, closeAll, reset }
})
