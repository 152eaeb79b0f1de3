import type { FormField } from '@/components/SearchTable/types'
import { isPhone, isValidCreditCode } from '@/utils/validators'

export const ORG_KIND_REGISTER_OPTIONS = [
  { label: '企业', value: 'enterprise' },
  { label: '数字化服务商', value: 'provider' },
]

/** 机构信息 — the organization being registered. */
export const orgSchema: FormField[] = [
  { field: 'kind', label: '机构类型', type: 'radio', options: ORG_KIND_REGISTER_OPTIONS, required: true },
  { field: 'org_name', label: '机构名称', required: true, maxlength: 100, testId: 'register-org-name' },
  {
    field: 'credit_code',
    label: '统一社会信用代码',
    required: true,
    maxlength: 18,
    testId: 'register-credit-code',
    validate: (v) => (isValidCreditCode(String(v)) ? null : '统一社会信用代码格式或校验位不正确'),
  },
  {
    field: 'region_code',
    label: '所在县区',
    type: 'region',
    required: true,
    help: '由所在县区工信部门审核',
    testId: 'register-region',
    // a registration is reviewed by a county-level unit
    regionSelectable: (node) => node.level === 'county',
  },
  { field: 'contact_name', label: '联系人', required: true, maxlength: 50, testId: 'register-contact-name' },
  {
    field: 'contact_phone',
    label: '联系电话',
    required: true,
    testId: 'register-contact-phone',
    validate: (v) => (isPhone(String(v)) ? null : '请输入正确的手机号或固定电话'),
  },
]

/** 管理员账号 — the first user of the organization. */
export const accountSchema: FormField[] = [
  { field: 'username', label: '登录用户名', required: true, maxlength: 50, testId: 'register-username' },
  {
    field: 'password',
    label: '登录密码',
    type: 'password',
    required: true,
    testId: 'register-password',
    help: '至少 8 位，包含字母和数字',
  },
  {
    field: 'password_confirm',
    label: '确认密码',
    type: 'password',
    required: true,
    testId: 'register-password-confirm',
    validate: (v, m) => (v !== m.password ? '两次输入的密码不一致' : null),
  },
]

export function emptyRegistration(): Record<string, unknown> {
  return {
    kind: 'enterprise',
    org_name: '',
    credit_code: '',
    region_code: null,
    contact_name: '',
    contact_phone: '',
    username: '',
    password: '',
    password_confirm: '',
  }
}
