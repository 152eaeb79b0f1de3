import { describe, expect, it } from 'vitest'

import { applicantActions, attachmentSpecs, batchPayload, emptyBatchForm, missingAttachments } from '../data'

describe('selection batch form → payload', () => {
  it('turns one attachment per line into keyed specs, dropping blanks and repeats', () => {
    expect(attachmentSpecs(' 实施方案 \n\n营业执照\n实施方案\r\n')).toEqual([
      { key: 'a1', name: '实施方案' },
      { key: 'a2', name: '营业执照' },
    ])
  })

  it('maps the form model to the create body', () => {
    const m = { ...emptyBatchForm(new Date('2026-01-01T00:00:00Z')), name: ' 2026 年第一批 ', sub_industries: ['auto_parts'] }
    const body = batchPayload(m)
    expect(body.name).toBe('2026 年第一批')
    expect(body.quota).toBe(20)
    expect(body.required_attachments).toHaveLength(2)
    expect(new Date(body.deadline).getTime()).toBeGreaterThan(new Date('2026-01-30T00:00:00Z').getTime())
  })
})

describe('applicant actions and missing attachments', () => {
  it('reads the allowed actions', () => {
    expect(applicantActions(['resubmit', 'withdraw', 'edit'])).toEqual({ edit: true, submit: false, resubmit: true, withdraw: true })
  })

  it('names the required attachments not uploaded', () => {
    const req = [
      { key: 'a1', name: '方案' },
      { key: 'a2', name: '执照' },
    ]
    expect(missingAttachments(req, { a1: 'x' })).toEqual(['执照'])
  })
})

describe('localIso', () => {
  it('keeps the wall-clock time and names the offset', async () => {
    const { localIso } = await import('../data')
    const text = localIso(new Date(2026, 11, 26, 17, 30, 0))
    expect(text.startsWith('2026-12-26T17:30:00')).toBe(true)
    expect(text).toMatch(/[+-]\d\d:\d\d$/)
  })
})

describe('scoreTotal', () => {
  it('adds the typed marks and ignores blanks', async () => {
    const { scoreTotal } = await import('../data')
    expect(scoreTotal({ a: 25, b: undefined, c: 12.5 })).toBe('37.5')
  })
})
