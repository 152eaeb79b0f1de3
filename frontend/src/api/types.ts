/**
 * Names the app uses for the back end's schemas.
 *
 * PROVISIONAL: written from the API contract until backend/openapi.json exists; then each
 * of these becomes an alias of `components['schemas'][…]` from the generated schema.d.ts
 * (`npm run gen:api`), so only this file changes.
 */

export interface Page<T> {
  items: T[]
  total: number
  page: number
  page_size: number
}

/** Query every list endpoint accepts: pagination, ordering (`-field`) and filters. */
export interface ListQuery {
  page?: number
  page_size?: number
  ordering?: string | null
  [filter: string]: string | number | boolean | null | undefined
}

export interface RegionRef {
  code: string
  name: string
}

export interface OrgRef {
  id: number
  name: string
}

export interface RoleAssignment {
  role_code: string
  role_name: string
  region: RegionRef | null
  org: OrgRef | null
}

export interface Me {
  id: number
  username: string
  display_name: string
  roles: RoleAssignment[]
  permissions: string[]
  unread_messages: number
}

export interface LoginIn {
  username: string
  password: string
  captcha?: string
}

export interface PasswordChangeIn {
  old_password: string
  new_password: string
}

export interface SiteInfo {
  platform_name: string
  city_name: string
}

// --- users -------------------------------------------------------------------------------
export interface UserOut {
  id: number
  username: string
  display_name: string
  mobile_masked: string | null
  email: string | null
  is_active: boolean
  locked_until: string | null
  last_login: string | null
  date_joined: string
  roles: RoleAssignment[]
}

export interface UserCreateIn {
  username: string
  display_name: string
  email?: string | null
  mobile?: string | null
  password: string
}

export interface UserUpdateIn {
  display_name?: string
  email?: string | null
  mobile?: string | null
}

export interface RoleAssignmentIn {
  role_code: string
  region_code?: string | null
  org_id?: number | null
}

// --- roles -------------------------------------------------------------------------------
export type ScopeKind = 'global' | 'region' | 'org'

export interface RoleOut {
  id: number
  code: string
  name: string
  description: string
  scope_kind: ScopeKind
  builtin: boolean
  permissions: string[]
}

export interface RoleIn {
  code: string
  name: string
  description: string
  scope_kind: ScopeKind
  permissions: string[]
}

export interface PermissionOut {
  code: string
  name: string
  module: string
  module_name: string
}

// --- regions -----------------------------------------------------------------------------
export interface RegionNode {
  code: string
  name: string
  short_name: string
  kind: string
  level: number
  is_active: boolean
  is_reviewer: boolean
  children: RegionNode[]
}

export interface RegionCreateIn {
  code: string
  name: string
  parent_code: string | null
  kind: string
  is_reviewer: boolean
}

export interface RegionUpdateIn {
  name?: string
  short_name?: string
  is_active?: boolean
  is_reviewer?: boolean
}

// --- orgs --------------------------------------------------------------------------------
export type OrgKind = 'enterprise' | 'provider' | 'government'
export type OrgStatus = 'pending' | 'active' | 'rejected' | 'disabled'

export interface OrgOut {
  id: number
  name: string
  credit_code: string
  kind: OrgKind
  kind_label: string
  region: RegionRef
  status: OrgStatus
  status_label: string
  contact_name: string
  contact_phone_masked: string
  address: string
  industry_code: string
  created_at: string
}

export interface OrgIn {
  name: string
  credit_code: string
  kind: OrgKind
  region_code: string
  contact_name: string
  contact_phone: string
  address: string
  industry_code: string
}

export interface OrgRegisterIn {
  org_name: string
  credit_code: string
  kind: 'enterprise' | 'provider'
  region_code: string
  contact_name: string
  contact_phone: string
  username: string
  password: string
}

// --- dictionaries ------------------------------------------------------------------------
export interface DictTypeOut {
  code: string
  name: string
  item_count: number
}

export interface DictItemOut {
  id: number
  value: string
  label: string
  sort: number
  is_active: boolean
}

export interface DictItemIn {
  value: string
  label: string
  sort: number
  is_active?: boolean
}

// --- logs --------------------------------------------------------------------------------
export interface AuditRecordOut {
  id: number
  created_at: string
  actor_name: string
  action: string
  action_label: string
  target_type: string
  target_id: string
  target_repr: string
  region_name: string | null
  ip: string | null
  request_id: string | null
  before: unknown
  after: unknown
}

export interface LoginLogOut {
  id: number
  created_at: string
  username: string
  success: boolean
  reason: string
  ip: string | null
  user_agent: string
}

// --- messages ----------------------------------------------------------------------------
export interface MessageOut {
  id: number
  title: string
  body: string
  link: string | null
  created_at: string
  read_at: string | null
}

// --- reviews -----------------------------------------------------------------------------
export interface ReviewOut {
  id: number
  process_key: string
  process_name: string
  title: string
  status: string
  status_label: string
  current_step_name: string | null
  region: RegionRef
  org: OrgRef | null
  submitted_by_name: string
  submitted_at: string
}

export interface ReviewTimelineEntry {
  id: number
  action: string
  action_label: string
  step_name: string
  actor_name: string
  opinion: string
  created_at: string
}

export interface ReviewDetailOut extends ReviewOut {
  timeline: ReviewTimelineEntry[]
  target: {
    type: string
    id: number | string
    summary: Record<string, string | number | boolean | null>
  }
}

export type ReviewAction = 'approve' | 'reject' | 'return'

// --- background tasks --------------------------------------------------------------------
export type TaskStatus = 'READY' | 'RUNNING' | 'SUCCESSFUL' | 'FAILED'

export interface TaskOut {
  id: string | number
  task_name: string
  status: TaskStatus
  attempts: number
  last_error: string | null
  enqueued_at: string
  started_at: string | null
  finished_at: string | null
}

// --- files -------------------------------------------------------------------------------
export interface FileOut {
  id: number | string
  name: string
  size: number
  content_type: string
  sm3: string
}
