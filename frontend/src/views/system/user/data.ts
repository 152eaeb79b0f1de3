import type { RoleAssignment, UserOut } from '@/api/types'
import type { FormField, Option, SearchField, TableColumn } from '@/components/SearchTable/types'
import { formatDateTime } from '@/utils/format'
import { isMobile } from '@/utils/validators'

export const ACTIVE_OPTIONS: Option[] = [
  { label: '启用', value: true },
  { label: '停用', value: false },
]

export function searchSchema(roleOptions: Option[]): SearchField[] {
  return [
    { field: 'q', label: '关键字', placeholder: '用户名 / 姓名' },
    { field: 'is_active', label: '状态', type: 'select', options: ACTIVE_OPTIONS, width: 120 },
    { field: 'role_code', label: '角色', type: 'select', options: roleOptions },
    { field: 'region_code', label: '所属区划', type: 'region' },
  ]
}

export const columns: TableColumn<UserOut>[] = [
  { prop: 'username', label: '用户名', minWidth: 120, sortable: true },
  { prop: 'display_name', label: '姓名', minWidth: 100 },
  { prop: 'mobile_masked', label: '手机号', width: 130 },
  { prop: 'email', label: '邮箱', minWidth: 160 },
  { prop: 'roles', label: '角色（范围）', minWidth: 220, tooltip: false },
  { prop: 'is_active', label: '状态', width: 90, align: 'center' },
  { prop: 'last_login', label: '最后登录', width: 170, sortable: true, formatter: (r) => formatDateTime(r.last_login) },
  { prop: 'date_joined', label: '创建时间', width: 170, sortable: true, formatter: (r) => formatDateTime(r.date_joined) },
]

/** "县区审核员 · 红旗区" */
export function roleLabel(role: RoleAssignment): string {
  const scope = role.region?.name ?? role.org?.name
  return scope ? `${role.role_name} · ${scope}` : role.role_name
}

export function isLocked(user: Pick<UserOut, 'locked_until'>, now = Date.now()): boolean {
  return !!user.locked_until && new Date(user.locked_until).getTime() > now
}

export const formSchema: FormField[] = [
  {
    field: 'username',
    label: '用户名',
    required: true,
    maxlength: 50,
    readonlyIn: ['edit'],
    testId: 'user-form-username',
    validate: (v) => (/^[\w.@+-]+$/.test(String(v)) ? null : '只能包含字母、数字和 @ . + - _'),
  },
  { field: 'display_name', label: '姓名', required: true, maxlength: 50, testId: 'user-form-display-name' },
  {
    field: 'mobile',
    label: '手机号',
    testId: 'user-form-mobile',
    placeholder: '请输入手机号（编辑时留空则不修改）',
    validate: (v) => (isMobile(String(v)) ? null : '请输入正确的手机号'),
  },
  { field: 'email', label: '邮箱', testId: 'user-form-email' },
  {
    field: 'password',
    label: '初始密码',
    type: 'password',
    required: true,
    modes: ['create'],
    testId: 'user-form-password',
    help: '至少 8 位，包含字母和数字；用户首次登录后应修改',
  },
]

export const passwordSchema: FormField[] = [
  { field: 'new_password', label: '新密码', type: 'password', required: true, testId: 'reset-password' },
  {
    field: 'confirm',
    label: '确认新密码',
    type: 'password',
    required: true,
    validate: (v, m) => (v !== m.new_password ? '两次输入的密码不一致' : null),
  },
]
