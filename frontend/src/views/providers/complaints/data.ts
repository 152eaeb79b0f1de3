import type { Complaint, ComplaintOptions } from '@/api/providerRatings'
import type { SearchField, TableColumn } from '@/components/SearchTable/types'

import { ratingYears } from '../rating/data'
import { formatDateTime } from '@/utils/format'

export const COMPLAINT_STATUS: { value: string; label: string }[] = [
  { value: 'pending', label: '待处理' },
  { value: 'upheld', label: '投诉成立' },
  { value: 'dismissed', label: '投诉不成立' },
]

export const COMPLAINT_TAGS: Record<string, 'warning' | 'danger' | 'info'> = {
  pending: 'warning',
  upheld: 'danger',
  dismissed: 'info',
}

export function searchSchema(now: Date = new Date()): SearchField[] {
  return [
    { field: 'q', label: '关键字', placeholder: '投诉事项或服务商' },
    { field: 'status', label: '状态', type: 'select', options: COMPLAINT_STATUS, width: 130 },
    { field: 'year', label: '投诉年度', type: 'select', options: ratingYears(now).map((y) => ({ label: `${y} 年`, value: y })), width: 120 },
  ]
}

const time = (v: string | null | undefined): string => formatDateTime(v)

export const columns: TableColumn<Complaint>[] = [
  { prop: 'title', label: '投诉事项', minWidth: 180 },
  { prop: 'provider_name', label: '被投诉服务商', minWidth: 180 },
  { prop: 'enterprise_name', label: '投诉企业', minWidth: 160 },
  { prop: 'project_title', label: '相关项目', minWidth: 160, formatter: (c) => c.project_title || '—' },
  { prop: 'status', label: '状态', width: 110, align: 'center' },
  { prop: 'opinion', label: '处理意见', minWidth: 180, formatter: (c) => c.opinion || '—' },
  { prop: 'created_at', label: '投诉时间', width: 170, formatter: (c) => time(c.created_at) },
]

/** The enterprise's projects with the chosen provider (a complaint may name one of them). */
export function projectsWith(options: ComplaintOptions, providerId: number | null): ComplaintOptions['projects'] {
  return providerId === null ? [] : options.projects.filter((p) => p.provider_id === providerId)
}
