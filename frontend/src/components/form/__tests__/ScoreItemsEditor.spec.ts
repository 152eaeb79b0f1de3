import { mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { describe, expect, it } from 'vitest'
import { nextTick, ref } from 'vue'

import type { ScoreItemRow } from '@/utils/validators'

import ScoreItemsEditor from '../ScoreItemsEditor.vue'

function mountEditor(rows: ScoreItemRow[]) {
  const model = ref(rows)
  const wrapper = mount(ScoreItemsEditor, {
    props: { modelValue: model.value, 'onUpdate:modelValue': (v: ScoreItemRow[]) => {
      model.value = v
      void wrapper.setProps({ modelValue: v })
    } },
    global: { plugins: [ElementPlus] },
  })
  return { wrapper, model }
}

describe('ScoreItemsEditor', () => {
  it('shows the total, adds and removes rows', async () => {
    const { wrapper, model } = mountEditor([
      { name: '技术能力', max_score: 40 },
      { name: '行业案例', max_score: 30 },
    ])
    expect(wrapper.get('[data-testid="score-items-total"]').text()).toBe('合计满分 70.00 分')

    await wrapper.get('[data-testid="score-item-add"]').trigger('click')
    await nextTick()
    expect(model.value).toHaveLength(3)
    expect(model.value[2]).toEqual({ name: '', max_score: null })

    await wrapper.get('[data-testid="score-item-remove-0"]').trigger('click')
    await nextTick()
    expect(model.value.map((r) => r.name)).toEqual(['行业案例', ''])
    expect(wrapper.get('[data-testid="score-items-total"]').text()).toBe('合计满分 30.00 分')
  })

  it('edits a row name in place', async () => {
    const { wrapper, model } = mountEditor([{ name: '', max_score: 10 }])
    await wrapper.findAll('input')[0]!.setValue('服务保障')
    expect(model.value[0]!.name).toBe('服务保障')
  })
})
