/**
 * Filters a dashboard number hands to the list behind it: `/projects/list?stage=filing&region=410702&_label=…`.
 * Only the keys a list declares are taken from the route; `_label` is the human description shown above
 * the table (DrillFilterBar), and clearing drops them all.
 */
import { computed } from 'vue'
import { useRoute, useRouter } from 'vue-router'

import type { QueryValue } from '@/api/http'

export function useDrillQuery(keys: readonly string[]) {
  const route = useRoute()
  const router = useRouter()
  const query = computed<Record<string, QueryValue>>(() => {
    const out: Record<string, QueryValue> = {}
    for (const key of keys) {
      const raw = route.query[key]
      const value = Array.isArray(raw) ? raw[0] : raw
      if (typeof value === 'string' && value !== '') out[key] = value
    }
    return out
  })
  const label = computed(() => {
    const raw = route.query._label
    return typeof raw === 'string' ? raw : Object.keys(query.value).length ? '来自看板的筛选条件' : ''
  })
  function clear(): void {
    void router.replace({ path: route.path })
  }
  return { query, label, clear }
}
