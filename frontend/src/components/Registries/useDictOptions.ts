import { computed, onMounted, ref } from 'vue'

import { api } from '@/api/typed'
import type { Option } from '@/components/SearchTable/types'

/** Items of one dictionary (/api/dicts/{code}/items) as select options and a value → label map. */
export function useDictOptions(code: string) {
  const items = ref<{ value: string; label: string; is_active: boolean }[]>([])
  const options = computed<Option<string>[]>(() =>
    items.value.filter((i) => i.is_active).map((i) => ({ label: i.label, value: i.value })),
  )
  const labels = computed<Record<string, string>>(() => Object.fromEntries(items.value.map((i) => [i.value, i.label])))

  async function load(): Promise<void> {
    items.value = await api.get('/api/dicts/{code}/items', { path: { code }, silent: true }).catch(() => [])
  }

  onMounted(load)
  return { options, labels, load }
}
