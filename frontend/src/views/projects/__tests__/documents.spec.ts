import { beforeEach, describe, expect, it, vi } from 'vitest'

const download = vi.fn()
vi.mock('@/api/http', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/api/http')>()),
  download: (...args: unknown[]) => download(...args),
}))

const { projectFileDownload } = await import('../modules/api')

describe('projectFileDownload', () => {
  beforeEach(() => download.mockReset())

  it('reads a document through its project, not through /api/files (the uploader-only route)', async () => {
    await projectFileDownload(12, 'a1b2c3d4-0000-4000-8000-000000000001', '诊断报告.pdf')
    expect(download).toHaveBeenCalledWith('/api/projects/12/files/a1b2c3d4-0000-4000-8000-000000000001', undefined, '诊断报告.pdf')
  })
})
