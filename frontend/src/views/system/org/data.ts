import type { OrgOut } from '@/api/types'
import type { FormField, Option, SearchField, TableColumn } from '@/components/SearchTable/types'
import { formatDateTime } from '@/utils/format'
import { isPhone, isValidCreditCode } from '@/utils/validators'

export const KIND_OPTIONS: Option[] = [
  { label: '企业', value: 'enterprise' },
  { label: '服务商', value: 'provider' },
  { label: '政府部门', value: 'government' },
]

export const STATUS_OPTIONS: Option[] = [
  { label: '待审核', value: 'pending' },
  { label: '已认证', value: 'active' },
  { label: '退回修改', value: 'returned' },
  { label: '未通过', value: 'rejected' },
  { label: '已停用', value: 'disabled' },
]

export const searchSchema: SearchField[] = [
  { field: 'q', label: '名称/信用代码', placeholder: '机构名称或统一社会信用代码', width: 240 },
  { field: 'kind', label: '机构类型', type: 'select', options: KIND_OPTIONS, width: 130 },
  { field: 'region_code', label: '所在区划', type: 'region' },
  { field: 'status', label: '状态', type: 'select', options: STATUS_OPTIONS, width: 130 },
]

export const columns: TableColumn<OrgOut>[] = [
  { prop: 'name', label: '机构名称', minWidth: 200, sortable: true },
  { prop: 'credit_code', label: '统一社会信用代码', width: 190 },
  { prop: 'kind_label', label: '类型', width: 90 },
  { prop: 'region', label: '所在区划', width: 130, formatter: (r) => r.region?.name ?? '—' },
  { prop: 'status', label: '状态', width: 100, align: 'center' },
  { prop: 'contact_name', label: '联系人', width: 100 },
  { prop: 'contact_phone_masked', label: '联系电话', width: 130 },
  { prop: 'created_at', label: '登记时间', width: 170, sortable: true, formatter: (r) => formatDateTime(r.created_at) },
]

export const formSchema: FormField[] = [
  { field: 'name', label: '机构名称', required: true, maxlength: 100, testId: 'org-form-name' },
  {
    field: 'credit_code',
    label: '统一社会信用代码',
    required: true,
    maxlength: 18,
    readonlyIn: ['edit'],
    testId: 'org-form-credit-code',
    validate: (v) => (isValidCreditCode(String(v)) ? null : '统一社会信用代码格式或校验位不正确'),
  },
  { field: 'kind', label: '机构类型', type: 'radio', options: KIND_OPTIONS, required: true, readonlyIn: ['edit'] },
  { field: 'region_code', label: '所在区划', type: 'region', required: true },
  { field: 'contact_name', label: '联系人', required: true, maxlength: 50, span: 12 },
  {
    field: 'contact_phone',
    label: '联系电话',
    span: 12,
    placeholder: '编辑时留空则不修改',
    validate: (v) => (isPhone(String(v)) ? null : '请输入正确的手机号或固定电话'),
  },
  { field: 'address', label: '地址', maxlength: 200 },
  { field: 'industry_code', label: '行业代码', maxlength: 10, help: '国民经济行业分类代码（GB/T 4754），如 C3411' },
]

export const disableSchema: FormField[] = [
  { field: 'reason', label: '停用原因', type: 'textarea', required: true, maxlength: 200, testId: 'org-disable-reason' },
]
