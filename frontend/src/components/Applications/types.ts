/** The stored template schema (backend smedt/applications/schema.py), as the designer and the form read it. */
export type FieldKind =
  | 'text'
  | 'textarea'
  | 'number'
  | 'amount'
  | 'percent'
  | 'date'
  | 'select'
  | 'multiselect'
  | 'region'
  | 'file'
  | 'table'
  | 'formula'

export interface OptionDef {
  value: string
  label: string
}

export interface FieldDef {
  key: string
  label: string
  kind: FieldKind
  required?: boolean
  help?: string
  fact?: string
  max_length?: number
  pattern?: string
  pattern_message?: string
  min?: string | number | null
  max?: string | number | null
  unit?: string
  decimals?: number
  options?: OptionDef[]
  dict_code?: string
  accept?: string[]
  max_count?: number
  columns?: FieldDef[]
  min_rows?: number
  max_rows?: number
  expr?: string
}

export interface SectionDef {
  title: string
  fields: FieldDef[]
}

export interface BandDef {
  min: string | number | null
  max: string | number | null
  points: string | number
}

export interface IndicatorDef {
  key: string
  name: string
  expr: string
  unit?: string
  mode: 'bands' | 'threshold'
  bands?: BandDef[]
  op?: string
  value?: string | number
  points?: string | number
  max_points?: string
  evidence?: { field: string; label: string; accept: string[] } | null
}

export interface FormSchema {
  sections: SectionDef[]
  validations: { expr: string; message: string; field: string }[]
  indicators: IndicatorDef[]
  checks: { field: string; source: string; tolerance_pct: string | number }[]
  /** a registered scorer (e.g. the 梯度培育 criteria) adding its indicators; kept as is by the designer */
  scoring?: { key: string; options: Record<string, unknown> }
}

export const KIND_LABELS: Record<FieldKind, string> = {
  text: '单行文本',
  textarea: '多行文本',
  number: '数值',
  amount: '金额',
  percent: '百分比',
  date: '日期',
  select: '单选',
  multiselect: '多选',
  region: '行政区划',
  file: '附件',
  table: '表格',
  formula: '计算字段',
}

export const FILE_TYPES = ['pdf', 'png', 'jpg', 'jpeg', 'docx', 'xlsx', 'doc', 'xls', 'zip', 'ofd']

export function asSchema(form: unknown): FormSchema {
  const f = (form ?? {}) as Partial<FormSchema>
  return {
    sections: f.sections ?? [],
    validations: f.validations ?? [],
    indicators: f.indicators ?? [],
    checks: f.checks ?? [],
    ...(f.scoring ? { scoring: f.scoring } : {}),
  }
}

export function allFields(schema: FormSchema): FieldDef[] {
  return schema.sections.flatMap((s) => s.fields)
}

export type FormValues = Record<string, unknown>
