import type { QQuestion, Questionnaire } from '@/api/assessment'

const band = (code: string, text: string, score: string): QQuestion['options'][number] => ({ code, text, score, exclusive: false })

export const MF02: QQuestion = {
  id: 'MF-02',
  indicator: '设备数字化',
  text: '企业的生产设备数字化率',
  type: 'single',
  max_score: '6',
  required: true,
  options: [
    band('A', '[0-10%]', '0'),
    band('B', '(10%,20%]', '1.5'),
    band('C', '(20%,40%]', '3'),
    band('D', '(40%,60%]', '4.5'),
    band('E', '(60%,100%]', '6'),
  ],
  evidence_caption: '具体数据',
  evidence_fields: [
    { id: 'production_equipment', label: '其中生产设备数量为（台）', unit: '台', integer: true },
    { id: 'digital_equipment', label: '实现数字化的生产设备数量为（台）', unit: '台', integer: true },
  ],
  evidence_uses: [],
}

export const MF04: QQuestion = {
  id: 'MF-04',
  indicator: '数据采集',
  text: '企业实现数据自动采集的业务环节覆盖范围',
  type: 'multi',
  max_score: '10',
  required: true,
  options: [
    { code: 'A', text: '无', score: '0', exclusive: true },
    { code: 'B', text: '产品设计', score: '0.7', exclusive: false },
    { code: 'C', text: '工艺设计', score: '0.7', exclusive: false },
    { code: 'D', text: '营销管理', score: '0.7', exclusive: false },
  ],
  evidence_caption: '',
  evidence_fields: [],
  evidence_uses: [],
}

export const MR03: QQuestion = {
  id: 'MR-03',
  indicator: '市场表现',
  text: '企业上年度人均营业收入相比于前年变化情况',
  type: 'single',
  max_score: '3',
  required: true,
  options: [
    { code: 'A', text: '降低', score: '0', exclusive: false },
    { code: 'B', text: '持平', score: '1.5', exclusive: false },
    { code: 'C', text: '增加', score: '3', exclusive: false },
  ],
  evidence_caption: '',
  evidence_fields: [
    { id: 'employees_last_year', label: '企业上年员工人数为（人）', unit: '人', integer: true },
    { id: 'revenue_last_year', label: '营业收入为（万元）', unit: '万元', integer: false },
    { id: 'employees_prev_year', label: '前年员工人数为（人）', unit: '人', integer: true },
    { id: 'revenue_prev_year', label: '营业收入为（万元）', unit: '万元', integer: false },
  ],
  evidence_uses: [],
}

export const QUESTIONNAIRE: Questionnaire = {
  id: 1,
  code: '2024-manufacturing',
  version: '2024.1',
  name: '中小企业数字化水平评测指标（2024年版）（制造业）',
  status: 'active',
  total_max: '100',
  dimensions: [
    {
      id: 'foundation',
      name: '数字化基础',
      max_score: '50',
      groups: [
        { id: 'equipment', name: '设备系统', max_score: '6', questions: [MF02] },
        { id: 'data_collection', name: '数据采集', max_score: '10', questions: [MF04] },
      ],
    },
    { id: 'results', name: '数字化成效', max_score: '20', groups: [{ id: 'market', name: '市场效益', max_score: '3', questions: [MR03] }] },
  ],
  scenario_dimension: {
    name: '数字化经营',
    types: { constraint: '约束性场景', guidance: '指导性场景' },
    levels: [
      { level: 0, name: '未达到一级' },
      { level: 1, name: '一级' },
      { level: 2, name: '二级' },
    ],
    groups: [
      {
        id: 'plm',
        name: '产品生命周期数字化',
        scenarios: [
          { id: 'S01', name: '产品设计', constraint: true, type_name: '约束性场景', levels: [{ level: 1, description: 'CAD' }] },
          { id: 'S02', name: '工艺设计', constraint: false, type_name: '指导性场景', levels: [{ level: 1, description: 'CAPP' }] },
        ],
      },
    ],
  },
  levels: [],
  no_level_name: '未达一级',
}
