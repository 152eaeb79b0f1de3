import type { PostCreateIn, RecruitmentPost } from '@/api/enterprises'
import type { Option, SearchField, TableColumn } from '@/components/SearchTable/types'
import { formatDate, formatDateTime } from '@/utils/format'

export const POST_STATUS_OPTIONS: Option[] = [
  { label: '草稿', value: 'draft' },
  { label: '审核中', value: 'reviewing' },
  { label: '退回修改', value: 'returned' },
  { label: '已发布', value: 'published' },
  { label: '未通过', value: 'rejected' },
  { label: '已撤回', value: 'withdrawn' },
]

export const searchSchema: SearchField[] = [
  { field: 'q', label: '标题' },
  { field: 'status', label: '状态', type: 'select', options: POST_STATUS_OPTIONS, width: 130 },
]

export const columns: TableColumn<RecruitmentPost>[] = [
  { prop: 'title', label: '标题', minWidth: 200 },
  { prop: 'org_name', label: '企业', minWidth: 180 },
  { prop: 'positions', label: '岗位', minWidth: 200, formatter: (r) => positionsText(r.positions) },
  { prop: 'contact_name', label: '联系人', width: 100 },
  { prop: 'valid_until', label: '有效期至', width: 120, formatter: (r) => formatDate(r.valid_until) },
  { prop: 'status', label: '状态', width: 100, align: 'center' },
  { prop: 'published_at', label: '发布时间', width: 170, formatter: (r) => formatDateTime(r.published_at) },
]

export interface PositionRow {
  name: string
  count: number
  salary: string
}

/** [{name:'焊工', count:3, salary:'6000-8000'}] → '焊工 3 人（6000-8000）' */
export function positionsText(positions: readonly Record<string, unknown>[]): string {
  if (!positions.length) return '—'
  return positions
    .map((p) => `${String(p.name ?? '')} ${Number(p.count ?? 1)} 人${p.salary ? `（${String(p.salary)}）` : ''}`)
    .join('；')
}

export interface PostFormModel {
  title: string
  positions: PositionRow[]
  requirements: string
  contact_name: string
  contact_phone: string
  valid_until: string
}

export function postForm(p?: RecruitmentPost | null): PostFormModel {
  return {
    title: p?.title ?? '',
    positions: p?.positions.length
      ? p.positions.map((x) => ({ name: String(x.name ?? ''), count: Number(x.count ?? 1), salary: String(x.salary ?? '') }))
      : [{ name: '', count: 1, salary: '' }],
    requirements: p?.requirements ?? '',
    contact_name: p?.contact_name ?? '',
    contact_phone: p?.contact_phone ?? '',
    valid_until: p?.valid_until ?? '',
  }
}

/** Blank position rows are dropped; names and salaries trimmed. */
export function postPayload(m: PostFormModel): PostCreateIn {
  return {
    title: m.title.trim(),
    positions: m.positions
      .filter((p) => p.name.trim())
      .map((p) => ({ name: p.name.trim(), count: Math.max(1, Math.trunc(Number(p.count) || 1)), salary: p.salary.trim() })),
    requirements: m.requirements.trim(),
    contact_name: m.contact_name.trim(),
    contact_phone: m.contact_phone.trim(),
    valid_until: m.valid_until,
  }
}
