import type { AnnouncementCreateIn, AnnouncementDetailOut, AnnouncementOut, PortalFileRef } from '@/api/portal'
import type { Option, SearchField, TableColumn } from '@/components/SearchTable/types'
import { formatDateTime } from '@/utils/format'

import { CONTENT_STATUS_OPTIONS, isoOrNull, splitTags } from '../shared'

export const ANNOUNCEMENT_STATUS = CONTENT_STATUS_OPTIONS.filter((o) => o.value !== 'closed')

export function searchSchema(categories: Option[]): SearchField[] {
  return [
    { field: 'q', label: '标题', placeholder: '标题关键字' },
    { field: 'category', label: '栏目', type: 'select', options: categories, width: 140 },
    { field: 'status', label: '状态', type: 'select', options: ANNOUNCEMENT_STATUS, width: 120 },
    { field: 'region_code', label: '区域', type: 'region' },
  ]
}

export function columns(categoryLabels: Record<string, string>): TableColumn<AnnouncementOut>[] {
  return [
    { prop: 'title', label: '标题', minWidth: 260 },
    { prop: 'category', label: '栏目', width: 100, formatter: (r) => categoryLabels[r.category] ?? r.category },
    { prop: 'region', label: '区域', width: 110, formatter: (r) => r.region.name },
    { prop: 'status', label: '状态', width: 100, align: 'center' },
    { prop: 'pinned', label: '置顶', width: 70, align: 'center', formatter: (r) => (r.pinned ? '是' : '') },
    { prop: 'publish_at', label: '定时发布', width: 170, formatter: (r) => (r.publish_at ? formatDateTime(r.publish_at) : '—') },
    { prop: 'published_at', label: '发布时间', width: 170, sortable: true, formatter: (r) => formatDateTime(r.published_at) },
    { prop: 'view_count', label: '浏览', width: 80, sortable: true, align: 'right' },
  ]
}

/** What the row's buttons may do, by status (the server checks again). */
export function announcementActions(a: Pick<AnnouncementOut, 'status' | 'pinned'>): string[] {
  switch (a.status) {
    case 'draft':
      return ['edit', 'submit']
    case 'in_review':
      return ['recall']
    case 'scheduled':
    case 'published':
      return ['withdraw', a.pinned ? 'unpin' : 'pin']
    case 'withdrawn':
      return ['redraft']
    default:
      return []
  }
}

export interface AnnouncementModel {
  category: string
  title: string
  region_code: string | null
  summary: string
  body: string
  source: string
  tags: string
  publish_at: Date | string | null
  cover: PortalFileRef[]
  attachments: PortalFileRef[]
}

export function emptyModel(region: string | null, category = ''): AnnouncementModel {
  return {
    category,
    title: '',
    region_code: region,
    summary: '',
    body: '',
    source: '',
    tags: '',
    publish_at: null,
    cover: [],
    attachments: [],
  }
}

export function modelFrom(a: AnnouncementDetailOut): AnnouncementModel {
  return {
    category: a.category,
    title: a.title,
    region_code: a.region.code,
    summary: a.summary,
    body: a.body,
    source: a.source,
    tags: a.tags.join('，'),
    publish_at: a.publish_at ?? null,
    cover: a.cover ? [a.cover] : [],
    attachments: [...a.attachments],
  }
}

/** Form model → create/update body. */
export function announcementPayload(m: AnnouncementModel): AnnouncementCreateIn {
  return {
    category: m.category,
    title: m.title.trim(),
    region_code: m.region_code ?? '',
    summary: m.summary.trim(),
    body: m.body,
    source: m.source.trim(),
    tags: splitTags(m.tags),
    publish_at: isoOrNull(m.publish_at),
    cover_id: m.cover[0]?.id ?? null,
    attachment_ids: m.attachments.map((f) => f.id),
  }
}

/** Required fields the browser can check before sending. */
export function announcementMissing(m: AnnouncementModel): Record<string, string> {
  const out: Record<string, string> = {}
  if (!m.category) out.category = '请选择栏目'
  if (!m.title.trim()) out.title = '请输入标题'
  if (!m.region_code) out.region_code = '请选择区域'
  return out
}
