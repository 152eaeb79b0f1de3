import { describe, expect, it } from 'vitest'

import { allowedAmong, allows } from '../actions'

describe('allowed actions from the server', () => {
  it('offers only what the server lists for the user', () => {
    const row = { allowed_actions: ['edit', 'submit'] }
    expect(allows(row, 'edit')).toBe(true)
    expect(allows(row, 'withdraw')).toBe(false)
  })

  it('offers nothing when the row carries no actions', () => {
    expect(allows(null, 'edit')).toBe(false)
    expect(allows({}, 'edit')).toBe(false)
    expect(allows({ allowed_actions: null }, 'edit')).toBe(false)
    expect(allowedAmong(undefined, ['warn'])).toEqual([])
  })

  it('keeps the page order and ignores actions the page does not know', () => {
    const row = { allowed_actions: ['restore', 'exit', 'archive', 'disable'] }
    expect(allowedAmong(row, ['warn', 'disable', 'exit', 'restore'] as const)).toEqual(['disable', 'exit', 'restore'])
  })
})
