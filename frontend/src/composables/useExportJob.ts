/**
 * One export job followed from the page that started it: POST /api/exports, then GET its status
 * every second until it has finished (or failed); the progress is 已导出 n / 共 m.
 */
import { computed, getCurrentInstance, onBeforeUnmount, ref } from 'vue'

import { exportGet, exportStart, type ExportJob, type ExportKind } from '@/api/exports'
import type { Query } from '@/api/http'

const POLL_MS = 1000
const PAGING = new Set(['page', 'page_size', 'ordering', 'cursor'])

/** The list's filters as export parameters: no paging, no empty values. */
export function exportParams(query: Query | Record<string, unknown> | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(query ?? {})) {
    if (PAGING.has(key) || value === null || value === undefined || value === '') continue
    if (Array.isArray(value) && !value.length) continue
    out[key] = value
  }
  return out
}

export function isFinished(job: Pick<ExportJob, 'status'> | null): boolean {
  return !!job && !['pending', 'running'].includes(job.status)
}

export function useExportJob() {
  const job = ref<ExportJob | null>(null)
  const starting = ref(false)
  let timer: number | undefined

  function stop(): void {
    if (timer !== undefined) window.clearTimeout(timer)
    timer = undefined
  }

  async function poll(): Promise<void> {
    if (!job.value) return
    try {
      job.value = await exportGet(job.value.id)
    } catch {
      stop()
      return
    }
    if (!isFinished(job.value)) timer = window.setTimeout(() => void poll(), POLL_MS)
  }

  async function start(kind: ExportKind, params: Record<string, unknown>): Promise<ExportJob | null> {
    stop()
    starting.value = true
    try {
      job.value = await exportStart(kind, params)
    } catch {
      return null // the http layer has shown the error
    } finally {
      starting.value = false
    }
    timer = window.setTimeout(() => void poll(), POLL_MS)
    return job.value
  }

  const percent = computed(() => {
    const j = job.value
    if (!j) return 0
    if (j.status === 'succeeded') return 100
    return j.total ? Math.min(100, Math.round((j.progress * 100) / j.total)) : 0
  })

  if (getCurrentInstance()) onBeforeUnmount(stop)
  return { job, starting, percent, start, stop }
}
