import { describe, expect, it } from 'vitest'

import { check, intRange, required, scoreItemsProblem, scoreTotal, type FormRule } from '../validators'

function run(rule: FormRule, value: unknown): string | null {
  let out: string | null = null
  rule.validator!({}, value, (e) => {
    out = e ? e.message : null
  })
  return out
}

describe('form rules mirror the server', () => {
  it('flags empty required fields with a Chinese message', () => {
    expect(run(required('服务商类型', 'select'), '')).toBe('请选择服务商类型')
    expect(run(required('服务细分行业', 'select'), [])).toBe('请选择服务细分行业')
    expect(run(required('批次名称'), '   ')).toBe('请填写批次名称')
    expect(run(required('批次名称'), '第一批')).toBeNull()
  })

  it('checks integer ranges (员工人数 0 is refused)', () => {
    const staff = intRange('员工人数', 1)
    expect(run(staff, 0)).toBe('员工人数应至少为 1')
    expect(run(staff, 1.5)).toBe('员工人数应为整数')
    expect(run(staff, null)).toBe('员工人数应为整数')
    expect(run(staff, 12)).toBeNull()
    expect(run(intRange('公示天数', 1, 30), 31)).toBe('公示天数不能超过 30')
  })

  it('builds a rule from a predicate', () => {
    const rule = check('请上传资质证明等附件', (v) => Array.isArray(v) && v.some(Boolean))
    expect(run(rule, [''])).toBe('请上传资质证明等附件')
    expect(run(rule, ['a'])).toBeNull()
  })
})

describe('score sheets', () => {
  it('adds the maximum marks exactly', () => {
    expect(scoreTotal([{ name: 'a', max_score: 33.33 }, { name: 'b', max_score: 33.33 }, { name: 'c', max_score: 33.34 }])).toBe(100)
    expect(scoreTotal([{ name: 'a', max_score: 0.1 }, { name: 'b', max_score: 0.2 }])).toBe(0.3)
    expect(scoreTotal([])).toBe(0)
  })

  it('names the first problem', () => {
    expect(scoreItemsProblem([])).toBe('请至少添加一个评分项')
    expect(scoreItemsProblem([{ name: ' ', max_score: 10 }])).toBe('第 1 项请填写评分项名称')
    expect(scoreItemsProblem([{ name: '能力', max_score: 0 }])).toBe('评分项“能力”的满分应大于 0')
    expect(scoreItemsProblem([{ name: '能力', max_score: null }])).toBe('评分项“能力”的满分应大于 0')
    expect(scoreItemsProblem([{ name: '能力', max_score: 10 }, { name: '能力', max_score: 5 }])).toBe('评分项“能力”重复')
    expect(scoreItemsProblem([{ name: '能力', max_score: 10.005 }])).toBe('评分项“能力”的满分最多两位小数')
    expect(scoreItemsProblem([{ name: '能力', max_score: 60 }, { name: '案例', max_score: 40 }])).toBeNull()
  })
})
