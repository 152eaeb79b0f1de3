import type { ImportJob } from '@/api/enterprises'
import type { TableColumn } from '@/components/SearchTable/types'
import { formatDateTime } from '@/utils/format'

/** A job is finished when it succeeded or was refused; otherwise keep polling. */
export function isFinished(job: Pick<ImportJob, 'status'>): boolean {
  return job.status === 'succeeded' || job.status === 'failed'
}

/** Percentage of rows checked so far (0–100); a finished job is 100. */
export function progressPercent(job: Pick<ImportJob, 'status' | 'progress' | 'total'>): number {
  if (isFinished(job)) return 100
  if (!job.total) return 0
  return Math.min(99, Math.floor((job.progress / job.total) * 100))
}

export function progressStatus(job: Pick<ImportJob, 'status'>): '' | 'success' | 'exception' {
  if (job.status === 'succeeded') return 'success'
  if (job.status === 'failed') return 'exception'
  return ''
}

export interface ImportErrorRow {
  row: number | string
  column: string
  message: string
}

/** The job's error list as table rows, ordered by row number. */
export function errorRows(job: Pick<ImportJob, 'errors'>): ImportErrorRow[] {
  return job.errors
    .map((e) => ({ row: (e.row as number | string) ?? '—', column: String(e.column ?? ''), message: String(e.message ?? '') }))
    .sort((a, b) => Number(a.row) - Number(b.row))
}

export const JOB_TYPES: Record<string, 'info' | 'primary' | 'success' | 'danger'> = {
  pending: 'info',
  running: 'primary',
  succeeded: 'success',
  failed: 'danger',
}

export const jobColumns: TableColumn<ImportJob>[] = [
  { prop: 'file_name', label: '文件', minWidth: 200 },
  { prop: 'status', label: '状态', width: 110, align: 'center' },
  { prop: 'total', label: '总行数', width: 90, align: 'right' },
  { prop: 'created_count', label: '新增', width: 80, align: 'right' },
  { prop: 'updated_count', label: '更新', width: 80, align: 'right' },
  { prop: 'created_at', label: '提交时间', width: 170, formatter: (r) => formatDateTime(r.created_at) },
  { prop: 'finished_at', label: '完成时间', width: 170, formatter: (r) => formatDateTime(r.finished_at) },
]
