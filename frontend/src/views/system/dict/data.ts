import type { DictItemOut } from '@/api/types'
import type { FormField, TableColumn } from '@/components/SearchTable/types'

export const itemColumns: TableColumn<DictItemOut>[] = [
  { prop: 'value', label: '字典值', minWidth: 120 },
  { prop: 'label', label: '显示名称', minWidth: 160 },
  { prop: 'sort', label: '排序', width: 80, align: 'center' },
  { prop: 'is_active', label: '状态', width: 90, align: 'center' },
]

export const typeSchema: FormField[] = [
  {
    field: 'code',
    label: '字典编码',
    required: true,
    maxlength: 50,
    testId: 'dict-form-code',
    validate: (v) => (/^[a-z][a-z0-9_]*$/.test(String(v)) ? null : '以小写字母开头，只能包含小写字母、数字和下划线'),
  },
  { field: 'name', label: '字典名称', required: true, maxlength: 50, testId: 'dict-form-name' },
]

export const itemSchema: FormField[] = [
  { field: 'value', label: '字典值', required: true, maxlength: 50, readonlyIn: ['edit'], testId: 'dict-item-value' },
  { field: 'label', label: '显示名称', required: true, maxlength: 100, testId: 'dict-item-label' },
  { field: 'sort', label: '排序', type: 'number', help: '数字越小越靠前' },
  { field: 'is_active', label: '启用', type: 'switch', modes: ['edit'] },
]
