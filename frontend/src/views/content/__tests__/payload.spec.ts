import { describe, expect, it } from 'vitest'

import type { StatisticsOut } from '@/api/portal'

import { announcementActions, announcementMissing, announcementPayload, emptyModel } from '../announcement/data'
import { caseActions, caseMissing, casePayload, emptyCase } from '../case/data'
import { emptyNeed, needActions, needMissing, needPayload } from '../need/data'
import { emptyOffer, offerMissing, offerPayload } from '../offer/data'
import { defaultRegion, splitTags } from '../shared'
import { matchRate, pieChart, scenarioChart } from '../statistics/data'

describe('announcement form → payload', () => {
  it('maps the model to the create body', () => {
    const m = {
      ...emptyModel('410700', 'policy'),
      title: '  试点通知 ',
      tags: '试点，政策, 政策 资金',
      publish_at: new Date('2026-12-01T02:00:00Z'),
      cover: [{ id: 'c1', name: 'a.png', content_type: 'image/png', size: 1 }],
      attachments: [
        { id: 'f1', name: 'a.pdf', content_type: 'application/pdf', size: 2 },
        { id: 'f2', name: 'b.pdf', content_type: 'application/pdf', size: 3 },
      ],
    }
    expect(announcementPayload(m)).toMatchObject({
      category: 'policy',
      title: '试点通知',
      region_code: '410700',
      tags: ['试点', '政策', '资金'],
      publish_at: '2026-12-01T02:00:00.000Z',
      cover_id: 'c1',
      attachment_ids: ['f1', 'f2'],
    })
    expect(announcementPayload(emptyModel('410700', 'news'))).toMatchObject({ publish_at: null, cover_id: null, attachment_ids: [] })
  })

  it('lists what is missing and what each status allows', () => {
    expect(Object.keys(announcementMissing(emptyModel(null)))).toEqual(['category', 'title', 'region_code'])
    expect(announcementActions({ status: 'draft', pinned: false })).toEqual(['edit', 'submit'])
    expect(announcementActions({ status: 'published', pinned: true })).toEqual(['withdraw', 'unpin'])
    expect(announcementActions({ status: 'withdrawn', pinned: false })).toEqual(['redraft'])
  })
})

describe('case form → payload', () => {
  it('keeps numbers as decimal strings and drops blank efficiency rows', () => {
    const m = {
      ...emptyCase('410702'),
      title: '案例',
      investment: ' 860000 ',
      level_before: 1,
      level_after: 3,
      efficiency: [
        { name: '准时交付率', before: '82', after: '95', unit: '%' },
        { name: ' ', before: '', after: '', unit: '' },
      ],
    }
    const body = casePayload(m)
    expect(body.investment).toBe('860000')
    expect(body.efficiency).toEqual([{ name: '准时交付率', before: '82', after: '95', unit: '%' }])
    expect(casePayload(emptyCase('410702')).investment).toBeNull()
  })

  it('checks levels and efficiency figures', () => {
    const bad = {
      ...emptyCase('410702'),
      title: 'x',
      level_before: 3,
      level_after: 2,
      efficiency: [{ name: '', before: 'abc', after: '', unit: '' }],
    }
    expect(caseMissing(bad)).toEqual({
      level_after: '改造后水平不应低于改造前',
      'efficiency.0.name': '请填写指标名称',
      'efficiency.0.before': '请输入数字',
    })
    expect(caseActions('draft')).toContain('consent')
  })
})

describe('need and offer forms', () => {
  it('maps a need and checks the budget range', () => {
    const m = { ...emptyNeed(5), title: '排程', problem: '人工排产', scenario_code: 'S05', sub_industry: 'auto_parts', budget_min: '300000', budget_max: '100000' }
    expect(needMissing(m)).toEqual({ budget_max: '最高预算不能低于最低预算' })
    expect(needPayload({ ...m, budget_max: '', deadline: '2027-01-31' })).toEqual({
      org_id: 5,
      title: '排程',
      problem: '人工排产',
      scenario_code: 'S05',
      sub_industry: 'auto_parts',
      budget_min: '300000',
      budget_max: null,
      deadline: '2027-01-31',
    })
    expect(Object.keys(needMissing(emptyNeed(null)))).toEqual(['org_id', 'title', 'problem', 'scenario_code'])
    expect(needActions('published')).toEqual(['close'])
  })

  it('maps an offer', () => {
    expect(Object.keys(offerMissing(emptyOffer(1)))).toEqual(['title', 'description', 'scenario_codes'])
    expect(offerPayload({ ...emptyOffer(1), title: ' t ', description: 'd', scenario_codes: ['S05'], product_id: 0 })).toMatchObject({
      title: 't',
      product_id: null,
    })
  })

  it('splits tags and picks the default region', () => {
    expect(splitTags('a、b；a c')).toEqual(['a', 'b', 'c'])
    expect(defaultRegion([{ region: null }, { region: { code: '410700' } }])).toBe('410700')
    expect(defaultRegion(undefined)).toBeNull()
  })
})

describe('supply–demand statistics charts', () => {
  const stats: StatisticsOut = {
    total: 5,
    by_status: [
      { status: 'published', label: '已发布', count: 2 },
      { status: 'closed', label: '已关闭', count: 3 },
      { status: 'draft', label: '草稿', count: 0 },
    ],
    by_outcome: [
      { outcome: 'matched', label: '已对接成功', count: 2 },
      { outcome: 'not_matched', label: '未达成合作', count: 1 },
      { outcome: 'cancelled', label: '已取消', count: 0 },
    ],
    by_scenario: [
      { scenario_code: 'S05', scenario_name: '计划排程', total: 4, outcomes: { matched: 2, not_matched: 1 } },
      { scenario_code: 'S07', scenario_name: '设备管理', total: 1, outcomes: {} },
    ],
  }

  it('stacks outcomes per scenario with the open ones', () => {
    const option = scenarioChart(stats) as { series: { name: string; data: number[] }[]; yAxis: { data: string[] } }
    expect(option.yAxis.data).toEqual(['计划排程', '设备管理'])
    expect(option.series.map((s) => s.name)).toEqual(['已对接成功', '未达成合作', '已取消', '未关闭'])
    expect(option.series[0]!.data).toEqual([2, 0])
    expect(option.series[3]!.data).toEqual([1, 1])
  })

  it('leaves empty slices out of pies and computes the match rate', () => {
    const pie = pieChart('状态', stats.by_status) as { series: { data: { name: string }[] }[] }
    expect(pie.series[0]!.data.map((d) => d.name)).toEqual(['已发布', '已关闭'])
    expect(matchRate(stats)).toBe(66.7)
    expect(matchRate({ ...stats, by_outcome: [] })).toBeNull()
  })
})
