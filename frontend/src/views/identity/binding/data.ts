import type { IdentityBindingOut } from '@/api/identity'
import type { Option, SearchField, TableColumn } from '@/components/SearchTable/types'
import { formatDateTime } from '@/utils/format'

/** identity.models.PersonType */
export const PERSON_TYPE_LABELS: Record<string, string> = { natural: '自然人', legal: '法人' }

export function searchSchema(providerOptions: Option[]): SearchField[] {
  return [
    { field: 'provider', label: '认证方式', type: 'select', options: providerOptions, width: 180 },
    {
      field: 'person_type',
      label: '账号类型',
      type: 'select',
      options: Object.entries(PERSON_TYPE_LABELS).map(([value, label]) => ({ label, value })),
      width: 120,
    },
  ]
}

export const columns: TableColumn<IdentityBindingOut>[] = [
  { prop: 'username', label: '本地账号', minWidth: 120 },
  { prop: 'display_name', label: '姓名', minWidth: 100 },
  { prop: 'provider_name', label: '认证方式', minWidth: 140 },
  { prop: 'subject', label: '平台账号标识', minWidth: 180 },
  { prop: 'person_type', label: '账号类型', width: 100, align: 'center' },
  { prop: 'real_name_level', label: '实名等级', width: 100 },
  { prop: 'org', label: '所属单位', minWidth: 180, formatter: (r) => r.org?.name ?? '—' },
  { prop: 'created_at', label: '绑定时间', width: 170, formatter: (r) => formatDateTime(r.created_at) },
  { prop: 'last_login_at', label: '最近登录', width: 170, sortable: true, formatter: (r) => formatDateTime(r.last_login_at) },
]
