/** A public list page whose filters and page live in the URL (shareable, back button works). */
import { reactive, ref, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'

import type { ListQuery, Page } from '@/api/types'
import { cleanQuery, queryPage, queryString } from '@/views/portal/shared'

export function usePublicList<T>(fetch: (query: ListQuery) => Promise<Page<T>>, filterKeys: string[], pageSize = 10) {
  const route = useRoute()
  const router = useRouter()
  const filters = reactive<Record<string, string>>({})
  const items = ref<T[]>([]) as { value: T[] }
  const total = ref(0)
  const page = ref(1)
  const loading = ref(false)
  const failed = ref(false)

  async function load(): Promise<void> {
    for (const k of filterKeys) filters[k] = queryString(route.query[k]) ?? ''
    page.value = queryPage(route.query.page)
    loading.value = true
    failed.value = false
    try {
      const query: ListQuery = { page: page.value, page_size: pageSize }
      for (const k of filterKeys) if (filters[k]) query[k] = filters[k]
      const res = await fetch(query)
      items.value = res.items
      total.value = res.total
    } catch {
      failed.value = true
      items.value = []
      total.value = 0
    } finally {
      loading.value = false
    }
  }

  function apply(): void {
    void router.push({ path: route.path, query: cleanQuery({ ...filters }) })
  }

  function reset(): void {
    for (const k of filterKeys) filters[k] = ''
    apply()
  }

  function goPage(n: number): void {
    void router.push({ path: route.path, query: cleanQuery({ ...filters, page: n }) })
  }

  const path = route.path
  watch(
    () => route.fullPath,
    () => {
      // leaving the page also changes the route: load only while still on this list
      if (route.path === path) void load()
    },
    { immediate: true },
  )

  return { filters, items, total, page, pageSize, loading, failed, apply, reset, goPage, reload: load }
}
