import { reactive } from 'vue'

import { isApiError } from '@/api/http'

/**
 * Server-side field errors of a 422 ({details: {fields: {name: message}}}) shown on the
 * matching form items via `<el-form-item :error="errors.name">`.
 */
export function useFormErrors() {
  const errors = reactive<Record<string, string>>({})

  function clear(): void {
    for (const key of Object.keys(errors)) delete errors[key]
  }

  /** Returns true when the error carried field messages (now shown on the form). */
  function apply(err: unknown): boolean {
    clear()
    if (!isApiError(err) || err.status !== 422) return false
    const fields = err.fieldErrors
    Object.assign(errors, fields)
    return Object.keys(fields).length > 0
  }

  return { errors, clear, apply }
}
