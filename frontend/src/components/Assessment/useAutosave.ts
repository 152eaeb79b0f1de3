import { getCurrentInstance, onBeforeUnmount, reactive } from 'vue'

import { isApiError } from '@/api/http'

export type Patch = Record<string, Record<string, unknown> | string | string[] | null | undefined>

/**
 * Merge two draft patches: sections ({answers: {...}}) merge key by key, plain values
 * (remarks, attachments) are replaced. The later patch wins.
 */
export function mergePatch(into: Patch, next: Patch): Patch {
  const out: Patch = { ...into }
  for (const [key, value] of Object.entries(next)) {
    const prev = out[key]
    if (value && typeof value === 'object' && !Array.isArray(value) && prev && typeof prev === 'object' && !Array.isArray(prev)) {
      out[key] = { ...prev, ...value }
    } else {
      out[key] = value
    }
  }
  return out
}

/** "hh:mm" in Asia/Shanghai. */
export function clock(date: Date): string {
  return new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false }).format(date)
}

/**
 * Debounced draft autosave: changes are queued as a patch and sent after `delay` ms of
 * quiet (one PATCH at a time; changes made while saving go in the next one).
 * A 422 hands its per-item messages to `onFieldErrors`.
 */
export function useAutosave(
  save: (patch: Patch) => Promise<unknown>,
  opts: { delay?: number; onSaved?: (result: unknown) => void; onFieldErrors?: (fields: Record<string, string>) => void } = {},
) {
  const delay = opts.delay ?? 800
  const state = reactive({ saving: false, savedAt: null as Date | null, error: '', dirty: false })
  let pending: Patch = {}
  let timer: ReturnType<typeof setTimeout> | null = null
  let running: Promise<void> | null = null

  function queue(patch: Patch): void {
    pending = mergePatch(pending, patch)
    state.dirty = true
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => void flush(), delay)
  }

  async function run(): Promise<void> {
    while (Object.keys(pending).length) {
      const patch = pending
      pending = {}
      state.saving = true
      try {
        const result = await save(patch)
        state.savedAt = new Date()
        state.error = ''
        opts.onSaved?.(result)
      } catch (err) {
        state.error = isApiError(err) ? err.message : '自动保存失败'
        if (isApiError(err) && err.status === 422) opts.onFieldErrors?.(err.fieldErrors)
        else pending = mergePatch(patch, pending) // keep it for the next try
        break
      } finally {
        state.saving = false
      }
    }
    state.dirty = Object.keys(pending).length > 0
  }

  /** Send what is queued now (before submitting, leaving the page). */
  async function flush(): Promise<void> {
    if (timer) {
      clearTimeout(timer)
      timer = null
    }
    if (running) await running
    if (!Object.keys(pending).length) return
    running = run().finally(() => {
      running = null
    })
    await running
  }

  if (getCurrentInstance()) {
    onBeforeUnmount(() => {
      void flush()
    })
  }

  return { state, queue, flush }
}
