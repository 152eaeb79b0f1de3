import { mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { describe, expect, it } from 'vitest'

import FormRenderer from '../FormRenderer.vue'

const form = {
  sections: [
    {
      title: '基本情况',
      fields: [
        { key: 'revenue', label: '上年度营业收入', kind: 'amount', unit: '万元', required: true, fact: 'enterprise.operating_revenue' },
        { key: 'rd_ratio', label: '研发投入强度', kind: 'formula', unit: '%' },
        {
          key: 'patents',
          label: '发明专利',
          kind: 'table',
          max_rows: 5,
          columns: [{ key: 'title', label: '专利名称', kind: 'text' }],
        },
      ],
    },
  ],
  validations: [],
  indicators: [],
  checks: [],
}

function render(props: Record<string, unknown> = {}) {
  return mount(FormRenderer, {
    props: { form, modelValue: { revenue: '1200', patents: [] }, ...props },
    global: { plugins: [ElementPlus] },
  })
}

describe('FormRenderer', () => {
  it('renders every field of the template with its unit and the computed value', () => {
    const w = render({ computedValues: { rd_ratio: '4.25' } })
    expect(w.text()).toContain('上年度营业收入')
    expect(w.text()).toContain('万元')
    expect((w.find('[data-testid="field-rd_ratio"] input').element as HTMLInputElement).value).toBe('4.25')
  })

  it('shows where a pre-filled value came from, the live finding and field errors', () => {
    const w = render({
      provenance: { revenue: { label: '一企一档·营业收入（上年度）', source_label: '政府导入', year: 2025 } },
      findings: [
        { kind: 'fact_mismatch', field: 'revenue', label: '上年度营业收入', entered: '1200', backend: '1000', source: 'enterprise.operating_revenue', source_label: '', message: '填报值 1,200万元 与一企一档 1,000万元 不一致（相差 20.00%）' },
      ],
      errors: { 'patents[0].title': '请填写“专利名称”' },
    })
    expect(w.find('[data-testid="provenance"]').text()).toContain('政府导入，2025 年')
    expect(w.find('[data-testid="live-finding"]').text()).toContain('不一致')
    expect(w.find('[data-testid="field-error"]').text()).toBe('请填写“专利名称”')
  })

  it('adds table rows through the model', async () => {
    const w = render()
    await w.find('[data-testid="field-patents-add"]').trigger('click')
    const emitted = w.emitted('update:modelValue')
    expect(emitted?.at(-1)?.[0]).toEqual({ revenue: '1200', patents: [{ title: '' }] })
  })
})
