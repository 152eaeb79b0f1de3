import type { IdentityProviderCreateIn, IdentityProviderOut, IdentityProviderUpdateIn } from '@/api/identity'
import type { Option, SearchField, TableColumn } from '@/components/SearchTable/types'
import { formatDateTime } from '@/utils/format'

/** identity.models.Protocol */
export type Protocol = 'oidc' | 'cas' | 'ticket'

export const PROTOCOL_LABELS: Record<Protocol, string> = {
  oidc: 'OIDC / OAuth2',
  cas: 'CAS 3',
  ticket: '票据交换',
}
export const PROTOCOL_OPTIONS: Option<Protocol>[] = (Object.keys(PROTOCOL_LABELS) as Protocol[]).map((value) => ({
  label: PROTOCOL_LABELS[value],
  value,
}))

export function protocolLabel(protocol: string): string {
  return PROTOCOL_LABELS[protocol as Protocol] ?? protocol
}

/** Names the back end accepts under `secrets` (identity/services/providers.py SECRET_NAMES). */
export const SECRET_LABELS: Record<string, string> = {
  client_secret: 'client_secret（OIDC 客户端密钥）',
  app_secret: 'app_secret（应用密钥 / HMAC-SM3）',
  sm2_private_key: 'sm2_private_key（我方 SM2 签名私钥）',
  sm4_key: 'sm4_key（SM4 报文密钥，hex）',
  events_secret: 'events_secret（账号变更推送签名密钥）',
}

/** The secrets each protocol uses. */
export const PROTOCOL_SECRETS: Record<Protocol, string[]> = {
  oidc: ['client_secret', 'events_secret'],
  cas: ['events_secret'],
  ticket: ['app_secret', 'sm2_private_key', 'sm4_key', 'events_secret'],
}

export type ConfigFieldType = 'input' | 'select' | 'switch' | 'list'

/** One structured key of `config`; the others are edited as JSON (claims, params, error codes …). */
export interface ConfigField {
  key: string
  label: string
  type?: ConfigFieldType
  required?: boolean
  placeholder?: string
  options?: Option<string>[]
  help?: string
}

export const CONFIG_FIELDS: Record<Protocol, ConfigField[]> = {
  oidc: [
    { key: 'issuer', label: 'Issuer', placeholder: 'https://idp.example.gov.cn/oidc', help: '填写后自动发现各端点；不填则须填写授权与令牌端点' },
    { key: 'client_id', label: 'client_id', required: true },
    { key: 'scopes', label: 'scopes', placeholder: 'openid profile phone' },
    {
      key: 'token_auth',
      label: '令牌端点认证',
      type: 'select',
      options: [
        { label: 'client_secret_basic', value: 'client_secret_basic' },
        { label: 'client_secret_post', value: 'client_secret_post' },
      ],
    },
    { key: 'authorization_endpoint', label: '授权端点' },
    { key: 'token_endpoint', label: '令牌端点' },
    { key: 'jwks_uri', label: 'JWKS 地址' },
    { key: 'userinfo_endpoint', label: '用户信息端点' },
    { key: 'end_session_endpoint', label: '登出端点' },
  ],
  cas: [
    { key: 'server_url', label: 'CAS 地址', required: true, placeholder: 'https://cas.example.gov.cn/cas' },
    { key: 'validate_path', label: '票据校验路径', placeholder: '/p3/serviceValidate' },
    { key: 'slo_allowed_ips', label: '单点登出来源 IP', type: 'list', placeholder: '10.1.2.3, 10.1.2.4', help: '多个以逗号分隔；只接受这些地址发来的登出请求' },
  ],
  ticket: [
    { key: 'authorize_url', label: '授权页地址', required: true },
    { key: 'token_url', label: '票据交换接口', required: true },
    { key: 'userinfo_url', label: '用户信息接口', help: '票据交换的应答已含用户信息时可不填' },
    { key: 'changes_url', label: '账号变更查询接口', help: '填写后每 15 分钟拉取一次账号变更' },
    { key: 'logout_url', label: '登出地址' },
    { key: 'app_id', label: 'appId', required: true },
    {
      key: 'sign_method',
      label: '签名算法',
      type: 'select',
      options: [
        { label: 'HMAC-SM3', value: 'hmac-sm3' },
        { label: 'SM2', value: 'sm2' },
      ],
    },
    { key: 'provider_public_key', label: '平台 SM2 公钥', help: '签名算法为 SM2 时用于校验平台应答' },
    {
      key: 'encrypt',
      label: '报文加密',
      type: 'select',
      options: [
        { label: '不加密', value: 'none' },
        { label: 'SM4-CBC', value: 'sm4-cbc' },
        { label: 'SM4-ECB', value: 'sm4-ecb' },
        { label: 'SM4-GCM', value: 'sm4-gcm' },
      ],
    },
    { key: 'success_code', label: '成功码', placeholder: '0' },
  ],
}

/** Keys every protocol may set. */
export const COMMON_FIELDS: ConfigField[] = [
  { key: 'trust_mobile', label: '手机号已核验', type: 'switch', help: '平台核验过手机号时，按手机号绑定已有本地账号' },
  {
    key: 'legal_person_org_kind',
    label: '新法人机构类型',
    type: 'select',
    options: [
      { label: '企业', value: 'enterprise' },
      { label: '服务商', value: 'provider' },
    ],
  },
  { key: 'callback_url', label: '回调地址覆盖', help: '经过改写主机名的代理时填写；默认 https://<本站>/api/identity/<标识>/callback' },
]

export function fieldsOf(protocol: Protocol): ConfigField[] {
  return [...CONFIG_FIELDS[protocol], ...COMMON_FIELDS]
}

/** The dialog's model. `secrets`: new values typed (empty = keep); `removeSecrets`: names to delete. */
export interface ProviderFormModel {
  slug: string
  name: string
  protocol: Protocol
  enabled: boolean
  adapter_class: string
  fields: Record<string, string | boolean>
  /** The rest of `config` as JSON text (claims mapping, params, error codes, …). */
  extra: string
  secrets: Record<string, string>
  removeSecrets: string[]
}

function fieldText(field: ConfigField, value: unknown): string | boolean {
  if (field.type === 'switch') return value === true
  if (field.type === 'list') return Array.isArray(value) ? value.map(String).join(', ') : value == null ? '' : String(value)
  return value === undefined || value === null ? '' : String(value)
}

/** A provider (or nothing, for a new one) → the dialog's model. Secrets are never known here. */
export function providerToForm(p: IdentityProviderOut | null, protocol?: Protocol): ProviderFormModel {
  const proto = (p?.protocol as Protocol | undefined) ?? protocol ?? 'oidc'
  const config: Record<string, unknown> = { ...(p?.config ?? {}) }
  const fields: Record<string, string | boolean> = {}
  for (const f of fieldsOf(proto)) {
    fields[f.key] = fieldText(f, config[f.key])
    delete config[f.key]
  }
  return {
    slug: p?.slug ?? '',
    name: p?.name ?? '',
    protocol: proto,
    enabled: p?.enabled ?? false,
    adapter_class: p?.adapter_class ?? '',
    fields,
    extra: Object.keys(config).length ? JSON.stringify(config, null, 2) : '',
    secrets: {},
    removeSecrets: [],
  }
}

export class ConfigJsonError extends Error {}

/** The JSON text of the other config keys → an object; throws ConfigJsonError with a Chinese message. */
export function parseExtra(text: string): Record<string, unknown> {
  if (!text.trim()) return {}
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new ConfigJsonError('不是有效的 JSON')
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ConfigJsonError('应为 JSON 对象 {…}')
  return value as Record<string, unknown>
}

/** The whole `config` (the back end replaces it on update): JSON keys, then the structured ones. */
export function configFromForm(m: ProviderFormModel): Record<string, unknown> {
  const config = parseExtra(m.extra)
  for (const f of fieldsOf(m.protocol)) {
    const raw = m.fields[f.key]
    if (f.type === 'switch') {
      if (raw === true) config[f.key] = true
      else delete config[f.key]
      continue
    }
    const text = typeof raw === 'string' ? raw.trim() : ''
    if (!text) {
      delete config[f.key]
      continue
    }
    config[f.key] =
      f.type === 'list'
        ? text
            .split(/[,，\s]+/)
            .map((s) => s.trim())
            .filter(Boolean)
        : text
  }
  return config
}

/** Write-only secrets: new values, and null for those to remove; nothing else is sent. */
export function secretsFromForm(m: ProviderFormModel): Record<string, string | null> {
  const out: Record<string, string | null> = {}
  for (const name of m.removeSecrets) out[name] = null
  for (const [name, value] of Object.entries(m.secrets)) {
    if (value.trim()) out[name] = value.trim()
  }
  return out
}

export function createPayload(m: ProviderFormModel): IdentityProviderCreateIn {
  return {
    slug: m.slug.trim(),
    name: m.name.trim(),
    protocol: m.protocol,
    enabled: m.enabled,
    adapter_class: m.adapter_class.trim(),
    config: configFromForm(m),
    secrets: secretsFromForm(m),
  }
}

export function updatePayload(m: ProviderFormModel): IdentityProviderUpdateIn {
  const body: IdentityProviderUpdateIn = {
    name: m.name.trim(),
    enabled: m.enabled,
    adapter_class: m.adapter_class.trim(),
    config: configFromForm(m),
  }
  const secrets = secretsFromForm(m)
  if (Object.keys(secrets).length) body.secrets = secrets
  return body
}

export const searchSchema: SearchField[] = [
  { field: 'protocol', label: '协议', type: 'select', options: PROTOCOL_OPTIONS, width: 160 },
  {
    field: 'enabled',
    label: '状态',
    type: 'select',
    options: [
      { label: '启用', value: true },
      { label: '停用', value: false },
    ],
    width: 120,
  },
]

export const columns: TableColumn<IdentityProviderOut>[] = [
  { prop: 'name', label: '名称', minWidth: 160 },
  { prop: 'slug', label: '标识', width: 120 },
  { prop: 'protocol', label: '协议', width: 130, formatter: (r) => protocolLabel(r.protocol) },
  { prop: 'enabled', label: '状态', width: 90, align: 'center' },
  { prop: 'secrets_set', label: '已设置的密钥', minWidth: 200, tooltip: false },
  { prop: 'last_pulled_at', label: '最近同步', width: 170, formatter: (r) => formatDateTime(r.last_pulled_at) },
  { prop: 'updated_at', label: '更新时间', width: 170, formatter: (r) => formatDateTime(r.updated_at) },
]
