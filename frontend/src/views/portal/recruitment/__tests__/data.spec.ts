import { describe, expect, it } from 'vitest'

import type { RegionNode } from '@/api/types'

import {
  daysLeft,
  headcount,
  paragraphs,
  positionsOf,
  regionOptions,
  resultSummary,
  salaryText,
  shanghaiToday,
  telHref,
  validityText,
} from '../data'

describe('portal recruitment positions', () => {
  it('cleans the stored positions: unnamed rows dropped, a bad count becomes 1, text trimmed', () => {
    const positions = positionsOf([
      { name: ' 数控车工 ', count: 3, salary: ' 6000-8000 元/月 ' },
      { name: '', count: 2, salary: '' },
      { name: '质检员', count: 0 },
      { name: '仓管', count: 'x' },
    ])
    expect(positions).toEqual([
      { name: '数控车工', count: 3, salary: '6000-8000 元/月' },
      { name: '质检员', count: 1, salary: '' },
      { name: '仓管', count: 1, salary: '' },
    ])
    expect(headcount(positions)).toBe(5)
    expect(positionsOf(null)).toEqual([])
    expect(headcount([])).toBe(0)
  })

  it('shows 面议 when no salary is given', () => {
    expect(salaryText({ name: '焊工', count: 1, salary: '' })).toBe('面议')
    expect(salaryText({ name: '焊工', count: 1, salary: '7000 元/月' })).toBe('7000 元/月')
  })
})

describe('portal recruitment validity', () => {
  it('counts whole calendar days, across months and years', () => {
    expect(daysLeft('2026-12-01', '2026-11-26')).toBe(5)
    expect(daysLeft('2027-01-01', '2026-12-31')).toBe(1)
    expect(daysLeft('2026-11-25', '2026-11-26')).toBe(-1)
    expect(daysLeft('bad', '2026-11-26')).toBeNaN()
  })

  it('says how long a notice is still open', () => {
    expect(validityText('2026-12-01', '2026-11-26')).toBe('2026-12-01（还剩 5 天）')
    expect(validityText('2026-11-26', '2026-11-26')).toBe('2026-11-26（今日截止）')
    expect(validityText('2026-11-25', '2026-11-26')).toBe('2026-11-25（已截止）')
    expect(validityText('', '2026-11-26')).toBe('—')
  })

  it('takes today in Asia/Shanghai, not in the browser zone', () => {
    // 2026-11-26 17:30 UTC is already 2026-11-27 01:30 in Shanghai
    expect(shanghaiToday(new Date('2026-11-26T17:30:00Z'))).toBe('2026-11-27')
    expect(shanghaiToday(new Date('2026-11-26T15:59:00Z'))).toBe('2026-11-26')
  })
})

describe('portal recruitment contact and text', () => {
  it('makes a dialable link of a phone number only', () => {
    expect(telHref('0373-5551234')).toBe('tel:0373-5551234')
    expect(telHref('138 0000 0000')).toBe('tel:13800000000')
    expect(telHref('+86 373 5551234')).toBe('tel:+863735551234')
    expect(telHref('电话见官网')).toBe('')
    expect(telHref(undefined)).toBe('')
  })

  it('splits the requirements into paragraphs, dropping blank lines', () => {
    expect(paragraphs('本科以上\r\n\n  三年经验 \n')).toEqual(['本科以上', '三年经验'])
    expect(paragraphs('')).toEqual([])
  })

  it('sums up the results with or without a keyword', () => {
    expect(resultSummary(3, undefined)).toBe('共 3 条有效招聘信息')
    expect(resultSummary(2, ' 焊工 ')).toBe('与“焊工”相关的招聘信息共 2 条')
    expect(resultSummary(0, '焊工')).toBe('没有找到与“焊工”相关的招聘信息')
    expect(resultSummary(0, '')).toBe('暂无有效的招聘信息')
  })
})

describe('portal recruitment region filter', () => {
  const node = (code: string, name: string, level: string, children: RegionNode[] = [], is_active = true): RegionNode => ({
    code,
    name,
    level,
    children,
    is_active,
    short_name: name,
    kind: '',
    is_reviewer: false,
  })

  it('offers the city and its counties, not the province above, nor inactive regions', () => {
    const tree = [
      node('410000', '河南省', 'province', [
        node('410700', '新乡市', 'city', [
          node('410702', '红旗区', 'county', [node('410702001', '某街道', 'town')]),
          node('410783', '长垣市', 'county'),
          node('410799', '已撤销区', 'county', [], false),
        ]),
      ]),
    ]
    expect(regionOptions(tree)).toEqual([
      { value: '410700', label: '新乡市' },
      { value: '410702', label: '　红旗区' },
      { value: '410783', label: '　长垣市' },
    ])
    expect(regionOptions([])).toEqual([])
  })
})
