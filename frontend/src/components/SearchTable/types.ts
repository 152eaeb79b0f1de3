/** Schemas a page's data.ts declares; SearchTable / SchemaForm render them. */
import type { RegionNode } from '@/api/types'

export interface Option<V = string | number | boolean> {
  label: string
  value: V
}

export type SearchFieldType = 'input' | 'select' | 'date-range' | 'region'

export interface SearchField {
  /** Query parameter name (for date-range: the form key; see rangeFields). */
  field: string
  label: string
  type?: SearchFieldType
  placeholder?: string
  options?: Option[]
  /** date-range: the two query parameters it fills, default ['date_from', 'date_to']. */
  rangeFields?: [string, string]
  /** Width of the control in px. */
  width?: number
}

export interface TableColumn<T = Record<string, unknown>> {
  prop: string
  label: string
  width?: number | string
  minWidth?: number | string
  /** Server-side ordering by this prop (`ordering=prop` / `-prop`). */
  sortable?: boolean
  fixed?: 'left' | 'right'
  align?: 'left' | 'center' | 'right'
  /** Text of the cell; otherwise row[prop]. Ignored when the page fills slot `cell-<prop>`. */
  formatter?: (row: T) => string
  /** Long text is cut with a tooltip (default true). */
  tooltip?: boolean
}

export type FormFieldType =
  | 'input'
  | 'password'
  | 'textarea'
  | 'number'
  | 'select'
  | 'radio'
  | 'switch'
  | 'region'

export type FormMode = 'create' | 'edit'

export interface FormField {
  field: string
  label: string
  type?: FormFieldType
  placeholder?: string
  options?: Option[]
  required?: boolean
  /** Extra checks: return an error message or null. */
  validate?: (value: unknown, model: Record<string, unknown>) => string | null
  /** Shown only in these modes (default both). */
  modes?: FormMode[]
  /** Read-only in these modes (e.g. username when editing). */
  readonlyIn?: FormMode[]
  maxlength?: number
  /** Help text under the control. */
  help?: string
  /** data-testid on the control (on the <input> for inputs). */
  testId?: string
  /** Columns out of 24 in the form grid (default 24). */
  span?: number
  /** region: which nodes may be chosen (others are greyed out). */
  regionSelectable?: (node: RegionNode) => boolean
}

/** What a page can call on its <SearchTable ref="table">. */
export interface SearchTableExpose {
  /** Reload the current page (after an edit). */
  reload: () => Promise<void>
  search: () => void
  reset: () => void
}
