import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { exportParams, useExportJob } from '../useExportJob'

const api = vi.hoisted(() => ({ exportStart: vi.fn(), exportGet: vi.fn() }))
vi.mock('@/api/exports', () => ({ exportStart: api.exportStart, exportGet: api.exportGet }))

const job = (over: Record<string, unknown>) => ({
  id: 7,
  kind: 'orgs',
  kind_label: '组织机构',
  status: 'pending',
  status_label: '排队中',
  progress: 0,
  total: 0,
  error: '',
  ...over,
})

describe('exportParams', () => {
  it('keeps the filters and drops paging and empty values', () => {
    expect(exportParams({ q: '科技', page: 3, page_size: 20, ordering: '-id', cursor: 'x', status: '', region_code: null, tags: [] })).toEqual({
      q: '科技',
    })
    expect(exportParams(undefined)).toEqual({})
  })
})

describe('useExportJob', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => {
    vi.useRealTimers()
    vi.resetAllMocks()
  })

  it('starts the job and follows its progress until it has finished', async () => {
    api.exportStart.mockResolvedValue(job({}))
    api.exportGet
      .mockResolvedValueOnce(job({ status: 'running', status_label: '生成中', progress: 1000, total: 4000 }))
      .mockResolvedValueOnce(job({ status: 'succeeded', status_label: '已完成', progress: 4000, total: 4000 }))
    const { job: current, percent, start } = useExportJob()

    await start('orgs', { q: '科技' })
    expect(api.exportStart).toHaveBeenCalledWith('orgs', { q: '科技' })
    expect(current.value?.status).toBe('pending')

    await vi.advanceTimersByTimeAsync(1000)
    expect(current.value?.progress).toBe(1000)
    expect(percent.value).toBe(25)

    await vi.advanceTimersByTimeAsync(1000)
    expect(current.value?.status).toBe('succeeded')
    expect(percent.value).toBe(100)

    await vi.advanceTimersByTimeAsync(5000)
    expect(api.exportGet).toHaveBeenCalledTimes(2) // no polling once finished
  })

  it('a refused start leaves no job (the http layer shows the message)', async () => {
    api.exportStart.mockRejectedValue(new Error('没有导出权限'))
    const { job: current, start } = useExportJob()
    expect(await start('orgs', {})).toBeNull()
    expect(current.value).toBeNull()
  })
})
