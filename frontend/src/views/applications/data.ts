import type { CampaignRow, PublicRow, SubmissionRow, TemplateRow } from '@/api/applications'
import type { Option, SearchField, TableColumn } from '@/components/SearchTable/types'
import { formatDateTime } from '@/utils/format'

export const SUBMISSION_STATUS_OPTIONS: Option[] = [
  { label: '草稿', value: 'draft' },
  { label: '审核中', value: 'reviewing' },
  { label: '退回修改', value: 'returned' },
  { label: '公示中', value: 'publicity' },
  { label: '已入选', value: 'approved' },
  { label: '未通过', value: 'rejected' },
  { label: '已撤回', value: 'withdrawn' },
]
export const STATUS_TYPES = {
  draft: 'info',
  reviewing: 'primary',
  returned: 'danger',
  publicity: 'warning',
  approved: 'success',
  rejected: 'danger',
  withdrawn: 'info',
  open: 'success',
  closed: 'info',
} as const

export const submissionSearch: SearchField[] = [
  { field: 'q', label: '申报单位' },
  { field: 'status', label: '状态', type: 'select', options: SUBMISSION_STATUS_OPTIONS, width: 130 },
]

export const submissionColumns: TableColumn<SubmissionRow>[] = [
  { prop: 'org', label: '申报单位', minWidth: 180, formatter: (r) => r.org.name },
  { prop: 'campaign', label: '申报批次', minWidth: 180, formatter: (r) => r.campaign.name },
  { prop: 'region_name', label: '所在县区', width: 100 },
  { prop: 'prereview_score', label: '预评审得分', width: 120, sortable: true, align: 'right', formatter: (r) => `${r.prereview_score} / ${r.max_score}` },
  { prop: 'findings_count', label: '预审发现', width: 100, sortable: true, align: 'center' },
  { prop: 'status', label: '状态', width: 100, align: 'center' },
  { prop: 'submitted_at', label: '提交时间', width: 160, sortable: true, formatter: (r) => formatDateTime(r.submitted_at) },
]

export const campaignSearch: SearchField[] = [
  { field: 'q', label: '批次名称' },
  {
    field: 'status',
    label: '状态',
    type: 'select',
    options: [
      { label: '未发布', value: 'draft' },
      { label: '申报中', value: 'open' },
      { label: '已截止', value: 'closed' },
    ],
    width: 120,
  },
]

export const campaignColumns: TableColumn<CampaignRow>[] = [
  { prop: 'name', label: '批次名称', minWidth: 200 },
  { prop: 'template_name', label: '申报模板', minWidth: 160, formatter: (r) => `${r.template_name}（第 ${r.template_version} 版）` },
  { prop: 'opens_at', label: '开始时间', width: 160, sortable: true, formatter: (r) => formatDateTime(r.opens_at) },
  { prop: 'closes_at', label: '截止时间', width: 160, sortable: true, formatter: (r) => formatDateTime(r.closes_at) },
  { prop: 'quota', label: '名额', width: 70, align: 'center' },
  { prop: 'submitted_count', label: '已提交', width: 80, align: 'center' },
  { prop: 'status', label: '状态', width: 90, align: 'center' },
]

export const templateColumns: TableColumn<TemplateRow>[] = [
  { prop: 'name', label: '模板名称', minWidth: 200 },
  { prop: 'description', label: '说明', minWidth: 200 },
  { prop: 'version_count', label: '版本数', width: 80, align: 'center' },
  { prop: 'updated_at', label: '更新时间', width: 160, sortable: true, formatter: (r) => formatDateTime(r.updated_at) },
]

export const publicColumns: TableColumn<PublicRow>[] = [
  { prop: 'org_name', label: '单位名称', minWidth: 180 },
  { prop: 'credit_code', label: '统一社会信用代码', width: 190 },
  { prop: 'region_name', label: '所在地区', width: 100 },
  { prop: 'batch_name', label: '申报批次', minWidth: 180 },
]
