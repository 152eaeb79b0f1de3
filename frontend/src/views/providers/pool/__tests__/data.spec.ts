import { describe, expect, it } from 'vitest'

import { allowedAmong } from '@/components/Registries/actions'

import { POOL_ACTION_LABELS, POOL_ACTIONS } from '../data'

describe('pool actions', () => {
  it('shows the moves the server allows the user, in a fixed order', () => {
    expect(allowedAmong({ allowed_actions: ['restore', 'exit', 'disable'] }, POOL_ACTIONS)).toEqual(['disable', 'exit', 'restore'])
    expect(allowedAmong({ allowed_actions: [] }, POOL_ACTIONS)).toEqual([])
  })

  it('labels every action', () => {
    expect(POOL_ACTIONS.map((a) => POOL_ACTION_LABELS[a])).toEqual(['警告', '停用', '退出', '恢复'])
  })
})
