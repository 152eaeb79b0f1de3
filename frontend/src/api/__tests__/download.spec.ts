import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { configureHttp, download, filenameFromDisposition } from '../http'

describe('filenameFromDisposition', () => {
  it('reads the RFC 5987 UTF-8 name (Chinese filenames)', () => {
    expect(filenameFromDisposition("attachment; filename*=UTF-8''%E7%94%A8%E6%88%B7%E5%88%97%E8%A1%A8.xlsx")).toBe('用户列表.xlsx')
  })

  it('prefers filename* over the ASCII fallback', () => {
    const header = 'attachment; filename="users.xlsx"; filename*=utf-8\'\'%E7%94%A8%E6%88%B7.xlsx'
    expect(filenameFromDisposition(header)).toBe('用户.xlsx')
  })

  it('reads a quoted filename, with escaped quotes', () => {
    expect(filenameFromDisposition('attachment; filename="orgs 2025-03.xlsx"')).toBe('orgs 2025-03.xlsx')
    expect(filenameFromDisposition('attachment; filename="a\\"b.xlsx"')).toBe('a"b.xlsx')
  })

  it('reads an unquoted filename and a percent-encoded one', () => {
    expect(filenameFromDisposition('attachment; filename=audit.xlsx')).toBe('audit.xlsx')
    expect(filenameFromDisposition('attachment; filename="%E6%97%A5%E5%BF%97.xlsx"')).toBe('日志.xlsx')
  })

  it('falls back when there is no usable name', () => {
    expect(filenameFromDisposition(null, '导出.xlsx')).toBe('导出.xlsx')
    expect(filenameFromDisposition('attachment', '导出.xlsx')).toBe('导出.xlsx')
    expect(filenameFromDisposition('inline; filename=""', 'x.xlsx')).toBe('x.xlsx')
  })
})

describe('download', () => {
  const clicked: Array<{ href: string; download: string }> = []

  beforeEach(() => {
    clicked.length = 0
    configureHttp({ onError: vi.fn(), onUnauthorized: vi.fn() })
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download })
    })
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:mock'), revokeObjectURL: vi.fn() }))
  })

  afterEach(() => {
    vi.restoreAllMocks()
    vi.unstubAllGlobals()
  })

  it('GETs <list>/export with the filters and saves the blob under the server filename', async () => {
    const fetchMock = vi.fn(
      async (_url: string, _init?: RequestInit) =>
        new Response(new Blob(['PK']), {
          status: 200,
          headers: {
            'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            'Content-Disposition': "attachment; filename*=UTF-8''%E7%BB%84%E7%BB%87%E6%9C%BA%E6%9E%84.xlsx",
          },
        }),
    )
    vi.stubGlobal('fetch', fetchMock)

    const name = await download('/orgs/export', { q: '科技', status: 'active', region_code: '' }, '导出.xlsx')

    expect(name).toBe('组织机构.xlsx')
    expect(fetchMock.mock.calls[0]![0]).toBe('/api/orgs/export?q=%E7%A7%91%E6%8A%80&status=active')
    expect(clicked).toEqual([{ href: 'blob:mock', download: '组织机构.xlsx' }])
  })

  it('raises the error envelope instead of saving an error page', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify({ code: 'permission_denied', message: '没有导出权限', details: {} }), { status: 403 })),
    )
    await expect(download('/users/export')).rejects.toMatchObject({ status: 403, message: '没有导出权限' })
    expect(clicked).toEqual([])
  })
})
