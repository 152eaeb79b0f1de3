import { http } from './http'
import type { AuditRecordOut, ListQuery, Page } from './types'

export const AUDIT_EXPORT_PATH = '/audit/records/export'

export const auditRecordList = (query: ListQuery) => http.get<Page<AuditRecordOut>>('/audit/records', query)
