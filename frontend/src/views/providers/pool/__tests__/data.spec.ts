import { describe, expect, it } from 'vitest'

import { poolActions } from '../data'

describe('poolActions', () => {
  it('offers the moves the back end allows from each status', () => {
    expect(poolActions('active')).toEqual(['warn', 'disable', 'exit'])
    expect(poolActions('warned')).toEqual(['disable', 'exit', 'restore'])
    expect(poolActions('disabled')).toEqual(['exit', 'restore'])
    expect(poolActions('exited')).toEqual([])
  })
})
