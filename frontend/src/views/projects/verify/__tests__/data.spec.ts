import { describe, expect, it } from 'vitest'

import { statusHint, statusIcon } from '../data'

describe('contract verification display', () => {
  it('passes only a valid contract', () => {
    expect(statusIcon('valid')).toBe('success')
    expect(statusIcon('partial')).toBe('warning')
    expect(statusIcon('keys_unchecked')).toBe('warning')
    expect(statusIcon('invalid')).toBe('error')
    expect(statusIcon('not_found')).toBe('error')
  })

  it('explains a partly signed contract as not yet in force', () => {
    expect(statusHint({ status: 'partial', contract_number: 'HT1' })).toContain('双方均签署后才生效')
    expect(statusHint({ status: 'valid', contract_number: 'HT1' })).toContain('合同编号 HT1')
  })

  it('names no contract when the file matches none', () => {
    const hint = statusHint({ status: 'not_found', contract_number: '' })
    expect(hint).not.toContain('合同编号')
  })
})
