import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { ApiError } from '@/api/http'

import { mergePatch, useAutosave } from '../useAutosave'

describe('mergePatch', () => {
  it('merges sections key by key and replaces plain values', () => {
    const a = mergePatch({ answers: { 'MF-01': 'A' }, remarks: 'x' }, { answers: { 'MF-02': 'B', 'MF-01': null }, remarks: 'y' })
    expect(a).toEqual({ answers: { 'MF-01': null, 'MF-02': 'B' }, remarks: 'y' })
    expect(mergePatch({ attachments: ['1'] }, { attachments: ['1', '2'] })).toEqual({ attachments: ['1', '2'] })
  })
})

describe('useAutosave', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('debounces changes into one PATCH', async () => {
    const save = vi.fn().mockResolvedValue({})
    const { state, queue } = useAutosave(save, { delay: 500 })
    queue({ answers: { 'MF-01': 'A' } })
    queue({ answers: { 'MF-02': 'B' } })
    queue({ scenarios: { S01: 2 } })
    expect(save).not.toHaveBeenCalled()
    expect(state.dirty).toBe(true)
    await vi.advanceTimersByTimeAsync(500)
    expect(save).toHaveBeenCalledTimes(1)
    expect(save).toHaveBeenCalledWith({ answers: { 'MF-01': 'A', 'MF-02': 'B' }, scenarios: { S01: 2 } })
    expect(state.savedAt).not.toBeNull()
    expect(state.dirty).toBe(false)
  })

  it('flush sends at once; nothing queued sends nothing', async () => {
    const save = vi.fn().mockResolvedValue({})
    const { queue, flush } = useAutosave(save, { delay: 5000 })
    await flush()
    expect(save).not.toHaveBeenCalled()
    queue({ evidence: { production_equipment: '10' } })
    await flush()
    expect(save).toHaveBeenCalledTimes(1)
  })

  it('hands 422 messages to the page and keeps other failures for a retry', async () => {
    const onFieldErrors = vi.fn()
    const save = vi
      .fn()
      .mockRejectedValueOnce(new ApiError(422, { code: 'assessment.invalid_answers', message: '答卷校验未通过', details: { fields: { 'MF-01': '选项不存在' } } }))
      .mockRejectedValueOnce(new ApiError(0, { code: 'network_error', message: '网络连接失败' }))
      .mockResolvedValue({})
    const { state, queue, flush } = useAutosave(save, { onFieldErrors })
    queue({ answers: { 'MF-01': 'Z' } })
    await flush()
    expect(onFieldErrors).toHaveBeenCalledWith({ 'MF-01': '选项不存在' })
    expect(state.error).toBe('答卷校验未通过')
    queue({ answers: { 'MF-02': 'A' } })
    await flush()
    expect(state.error).toBe('网络连接失败')
    expect(state.dirty).toBe(true)
    await flush()
    expect(save).toHaveBeenLastCalledWith({ answers: { 'MF-02': 'A' } })
    expect(state.error).toBe('')
  })
})
