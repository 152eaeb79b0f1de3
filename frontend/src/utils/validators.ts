/** Client-side checks that mirror the back end's, so users see mistakes before submitting. */

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** 统一社会信用代码 (GB 32100-2015): 18 characters, the last one a check character. */
export function isValidCreditCode(raw: string): boolean {
  const code = raw.trim().toUpperCase()
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false
  let sum = 0
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(code[i]!) * USCC_WEIGHTS[i]!
  const check = (31 - (sum % 31)) % 31
  return USCC_CHARS[check] === code[17]
}

export function isMobile(raw: string): boolean {
  return /^1[3-9]\d{9}$/.test(raw.trim())
}

/** Landline or mobile, e.g. 0373-1234567 or 13800000000. */
export function isPhone(raw: string): boolean {
  const v = raw.trim()
  return isMobile(v) || /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/.test(v)
}

/* --- Element Plus form rules, the same rules the server enforces ------------------------------------- */

export interface FormRule {
  required?: boolean
  message?: string
  trigger?: string | string[]
  validator?: (rule: unknown, value: unknown, callback: (error?: Error) => void) => void
}

const isEmpty = (value: unknown): boolean =>
  value === null || value === undefined || (typeof value === 'string' && !value.trim()) || (Array.isArray(value) && value.length === 0)

/** A required field: "请填写X" for inputs, "请选择X" for selects and option groups. */
export function required(label: string, kind: 'input' | 'select' = 'input'): FormRule {
  const message = `${kind === 'select' ? '请选择' : '请填写'}${label}`
  return {
    required: true,
    trigger: kind === 'select' ? 'change' : ['blur', 'change'],
    validator: (_r, value, cb) => cb(isEmpty(value) ? new Error(message) : undefined),
  }
}

/** An integer within [min, max] (max optional). */
export function intRange(label: string, min: number, max?: number): FormRule {
  return {
    trigger: ['blur', 'change'],
    validator: (_r, value, cb) => {
      const n = Number(value)
      if (value === null || value === undefined || value === '' || !Number.isInteger(n)) return cb(new Error(`${label}应为整数`))
      if (n < min) return cb(new Error(`${label}应至少为 ${min}`))
      if (max !== undefined && n > max) return cb(new Error(`${label}不能超过 ${max}`))
      cb()
    },
  }
}

/** A rule from a predicate: the message when `ok(value)` is false. */
export function check(message: string, ok: (value: unknown) => boolean): FormRule {
  return { trigger: ['blur', 'change'], validator: (_r, value, cb) => cb(ok(value) ? undefined : new Error(message)) }
}

/* --- expert score sheets: rows of name + maximum marks ---------------------------------------------------- */

export interface ScoreItemRow {
  name: string
  max_score: number | null
}

/** Sum of the maximum marks, to two decimals (exact: cents as integers). */
export function scoreTotal(rows: readonly ScoreItemRow[]): number {
  const cents = rows.reduce((sum, r) => sum + Math.round((Number(r.max_score) || 0) * 100), 0)
  return cents / 100
}

/** The first problem of a score sheet, or null: at least one item, each named once with marks above 0. */
export function scoreItemsProblem(rows: readonly ScoreItemRow[]): string | null {
  if (!rows.length) return '请至少添加一个评分项'
  const seen = new Set<string>()
  for (const [i, r] of rows.entries()) {
    const name = r.name.trim()
    if (!name) return `第 ${i + 1} 项请填写评分项名称`
    if (seen.has(name)) return `评分项“${name}”重复`
    seen.add(name)
    const max = Number(r.max_score)
    if (r.max_score === null || !Number.isFinite(max) || max <= 0) return `评分项“${name}”的满分应大于 0`
    if (Math.abs(max * 100 - Math.round(max * 100)) > 1e-6) {
      return `评分项“${name}”的满分最多两位小数`
    }
  }
  return null
}
