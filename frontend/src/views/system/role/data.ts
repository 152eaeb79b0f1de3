import type { PermissionOut, RoleOut, ScopeKind } from '@/api/types'
import type { FormField, Option, SearchField, TableColumn } from '@/components/SearchTable/types'

export const SCOPE_LABELS: Record<ScopeKind, string> = {
  global: '全局',
  region: '按行政区划',
  org: '按组织机构',
}

export const SCOPE_OPTIONS: Option[] = (Object.keys(SCOPE_LABELS) as ScopeKind[]).map((value) => ({
  value,
  label: SCOPE_LABELS[value],
}))

export const searchSchema: SearchField[] = [{ field: 'q', label: '关键字', placeholder: '角色编码 / 名称' }]

export const columns: TableColumn<RoleOut>[] = [
  { prop: 'code', label: '角色编码', minWidth: 140 },
  { prop: 'name', label: '角色名称', minWidth: 140 },
  { prop: 'scope_kind', label: '数据范围', width: 130, formatter: (r) => SCOPE_LABELS[r.scope_kind as ScopeKind] ?? r.scope_kind },
  { prop: 'permissions', label: '权限数', width: 90, align: 'center', formatter: (r) => String(r.permissions.length) },
  { prop: 'builtin', label: '类型', width: 90, align: 'center' },
  { prop: 'description', label: '说明', minWidth: 200 },
]

export const formSchema: FormField[] = [
  {
    field: 'code',
    label: '角色编码',
    required: true,
    readonlyIn: ['edit'],
    maxlength: 50,
    testId: 'role-form-code',
    validate: (v) => (/^[a-z][a-z0-9_]*$/.test(String(v)) ? null : '以小写字母开头，只能包含小写字母、数字和下划线'),
  },
  { field: 'name', label: '角色名称', required: true, maxlength: 50, testId: 'role-form-name' },
  {
    field: 'scope_kind',
    label: '数据范围',
    type: 'radio',
    options: SCOPE_OPTIONS,
    required: true,
    readonlyIn: ['edit'],
    help: '创建后不可修改：按行政区划的角色分配时须选区划，按组织机构的须选机构',
  },
  { field: 'description', label: '说明', type: 'textarea', maxlength: 200 },
]

export interface PermissionTreeNode {
  id: string
  label: string
  children?: PermissionTreeNode[]
}

/** Permissions grouped by module, for the checkbox tree. */
export function permissionTree(perms: readonly PermissionOut[]): PermissionTreeNode[] {
  const modules = new Map<string, PermissionTreeNode>()
  for (const p of perms) {
    let group = modules.get(p.module)
    if (!group) {
      group = { id: `module:${p.module}`, label: p.module_name || p.module, children: [] }
      modules.set(p.module, group)
    }
    group.children!.push({ id: p.code, label: `${p.name}（${p.code}）` })
  }
  return [...modules.values()]
}
