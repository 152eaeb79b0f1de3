/**
 * Names the app uses for the back end's schemas — aliases of the generated
 * schema.d.ts (`npm run gen:api`; never edit that file by hand).
 *
 * The only hand-written shapes are generic (Page, ListQuery) and UI enums the schema
 * types as plain strings.
 */
import type { components } from './schema'

type S = components['schemas']

export interface Page<T> {
  items: T[]
  total: number
  page: number
  page_size: number
  has_next?: boolean
  /** Keyset cursor of the next page (deep pages beyond the offset cap go by it). */
  next_cursor?: string | null
}

/** Query every list endpoint accepts: pagination, ordering (`-field`) and filters. */
export interface ListQuery {
  page?: number
  page_size?: number
  ordering?: string | null
  cursor?: string | null
  [filter: string]: string | number | boolean | null | undefined
}

// --- auth --------------------------------------------------------------------------------
export type Me = S['MeOut']
export type RoleAssignment = S['RoleAssignmentOut']
export type RegionRef = S['RegionRef']
export type OrgRef = S['OrgRef']
export type LoginIn = S['LoginIn']
export type PasswordChangeIn = S['PasswordChangeIn']
export type SiteInfo = S['SiteOut']
export type LoginLogOut = S['LoginLogOut']

// --- users -------------------------------------------------------------------------------
export type UserOut = S['UserOut']
export type UserCreateIn = S['UserCreateIn']
export type UserUpdateIn = S['UserUpdateIn']
export type RoleAssignmentIn = S['AssignmentIn']

// --- roles -------------------------------------------------------------------------------
/** rbac.models.ScopeKind */
export type ScopeKind = 'global' | 'region' | 'org'
export type RoleOut = S['RoleOut']
export type RoleCreateIn = S['RoleCreateIn']
export type RoleUpdateIn = S['RoleUpdateIn']
export type PermissionOut = S['PermissionOut']

// --- regions -----------------------------------------------------------------------------
export type RegionNode = S['RegionNode']
export type RegionOut = S['RegionOut']
export type RegionCreateIn = S['RegionCreateIn']
export type RegionUpdateIn = S['RegionUpdateIn']

// --- orgs --------------------------------------------------------------------------------
/** orgs.models.OrgKind */
export type OrgKind = 'enterprise' | 'provider' | 'government'
/** orgs.models.OrgStatus */
export type OrgStatus = 'pending' | 'active' | 'returned' | 'rejected' | 'disabled'
export type OrgOut = S['OrgOut']
export type OrgCreateIn = S['OrgCreateIn']
export type OrgUpdateIn = S['OrgUpdateIn']
export type OrgRegisterIn = S['OrgRegisterIn']
export type OrgRegisterOut = S['OrgRegisterOut']
export type CreditCodeCheckOut = S['CreditCodeCheckOut']

// --- dictionaries ------------------------------------------------------------------------
export type DictTypeOut = S['DictTypeOut']
export type DictTypeIn = S['DictTypeIn']
export type DictItemOut = S['DictItemOut']
export type DictItemIn = S['DictItemIn']
export type DictItemUpdateIn = S['DictItemUpdateIn']

// --- logs --------------------------------------------------------------------------------
export type AuditRecordOut = S['AuditOut']
export type AuditChainOut = S['ChainOut']

// --- messages ----------------------------------------------------------------------------
export type MessageOut = S['MessageOut']

// --- reviews -----------------------------------------------------------------------------
export type ReviewOut = S['ReviewOut']
export type ReviewDetailOut = S['ReviewDetailOut']
export type ReviewTimelineEntry = S['TimelineOut']
export type ReviewAction = 'approve' | 'reject' | 'return'

// --- files -------------------------------------------------------------------------------
export type FileOut = S['AttachmentOut']

// --- background tasks --------------------------------------------------------------------
/** django.tasks TaskResultStatus */
export type TaskStatus = 'READY' | 'RUNNING' | 'SUCCESSFUL' | 'FAILED'
export type TaskOut = S['TaskOut']
export type ReviewMaterialsOut = S['ReviewMaterialsOut']
export type ReviewMaterialAttachment = S['ReviewMaterialAttachmentOut']
export type WorkspaceSummaryOut = S['WorkspaceSummaryOut']
export type WorkItemOut = S['WorkItemOut']
