import { describe, expect, it } from 'vitest'

import { errorRows, isFinished, progressPercent, progressStatus } from '../data'

describe('import progress', () => {
  it('computes the percentage while running and 100 when done', () => {
    expect(progressPercent({ status: 'pending', progress: 0, total: 0 })).toBe(0)
    expect(progressPercent({ status: 'running', progress: 50, total: 200 })).toBe(25)
    expect(progressPercent({ status: 'running', progress: 200, total: 200 })).toBe(99)
    expect(progressPercent({ status: 'failed', progress: 3, total: 200 })).toBe(100)
  })

  it('knows when to stop polling', () => {
    expect(isFinished({ status: 'running' })).toBe(false)
    expect(isFinished({ status: 'succeeded' })).toBe(true)
    expect(progressStatus({ status: 'failed' })).toBe('exception')
  })

  it('orders the error report by row', () => {
    const rows = errorRows({ errors: [{ row: 7, column: '企业名称', message: '必填' }, { row: 3, column: '统一社会信用代码', message: '校验位错误' }] })
    expect(rows.map((r) => r.row)).toEqual([3, 7])
  })
})
