/** Options of a dictionary (signed-in pages), with a fallback while loading or when refused. */
import { computed, onMounted, ref } from 'vue'

import { dictItemList } from '@/api/dicts'
import type { Option } from '@/components/SearchTable/types'

export function usePortalDict(code: string, fallback: Record<string, string>) {
  const items = ref<Option<string>[]>(Object.entries(fallback).map(([value, label]) => ({ value, label })))
  onMounted(async () => {
    try {
      const rows = await dictItemList(code)
      const active = rows.filter((r) => r.is_active !== false).map((r) => ({ value: r.value, label: r.label }))
      if (active.length) items.value = active
    } catch {
      // keep the fallback
    }
  })
  const labels = computed(() => Object.fromEntries(items.value.map((o) => [o.value, o.label])) as Record<string, string>)
  return { options: items, labels }
}
