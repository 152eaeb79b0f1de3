import { describe, expect, it } from 'vitest'

import { emptyFinding, findingLabel, findingsPayload, toRows } from '../modules/findings'

const ok = { scene: 'S07', title: '', description: ' 焊点检测结果只记在纸上 ', severity: 'high', suggestion: '建设质量追溯模块' }

describe('diagnosis findings editor', () => {
  it('trims the rows into the payload', () => {
    expect(findingsPayload([ok, { ...ok, scene: '', title: ' 数据管理制度缺失 ', severity: 'low' }])).toEqual([
      { scene: 'S07', title: '', description: '焊点检测结果只记在纸上', severity: 'high', suggestion: '建设质量追溯模块' },
      { scene: '', title: '数据管理制度缺失', description: '焊点检测结果只记在纸上', severity: 'low', suggestion: '建设质量追溯模块' },
    ])
    expect(findingsPayload([])).toEqual([])
  })

  it('names the first row that breaks a rule, as the server does', () => {
    expect(findingsPayload([ok, { ...ok, scene: '', title: '  ' }])).toBe('第 2 条：请选择数字化水平场景或填写问题')
    expect(findingsPayload([{ ...ok, description: '' }])).toBe('第 1 条：请填写问题描述')
    expect(findingsPayload([{ ...ok, suggestion: ' ' }])).toBe('第 1 条：请填写改进建议')
    expect(findingsPayload([{ ...ok, severity: '' }])).toBe('第 1 条：请选择严重程度（高、中、低）')
    expect(findingsPayload([{ ...ok, title: '问'.repeat(101) }])).toBe('第 1 条：问题不能超过 100 字')
    expect(findingsPayload([{ ...ok, description: '述'.repeat(1001) }])).toBe('第 1 条：问题描述不能超过 1000 字')
    expect(findingsPayload(Array.from({ length: 31 }, () => ok))).toBe('诊断发现最多 30 条')
    // a new row starts at medium severity and is incomplete until filled
    expect(findingsPayload([emptyFinding()])).toBe('第 1 条：请选择数字化水平场景或填写问题')
  })

  it('labels a finding by its scene, its title or both', () => {
    expect(findingLabel({ scene: 'S07', scene_name: '质量管理', title: '' })).toBe('S07 质量管理')
    expect(findingLabel({ scene: '', scene_name: '', title: '数据管理制度缺失' })).toBe('数据管理制度缺失')
    expect(findingLabel({ scene: 'S08', scene_name: '设备管理', title: '停机原因不明' })).toBe('S08 设备管理 · 停机原因不明')
  })

  it('starts the editor from the saved findings', () => {
    const saved = [{ id: 1, position: 1, scene: 'S07', scene_name: '质量管理', title: '', description: 'd', severity: 'high', severity_label: '高', suggestion: 's', updated_at: '2026-12-08T10:00:00+08:00' }]
    expect(toRows(saved)).toEqual([{ scene: 'S07', title: '', description: 'd', severity: 'high', suggestion: 's' }])
  })
})
