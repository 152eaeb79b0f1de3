import { mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { defineComponent, reactive } from 'vue'

import { ApiError } from '@/api/http'
import type { FormField } from '@/components/SearchTable/types'
import { useFormErrors } from '@/composables/useFormErrors'

import SchemaForm from '../SchemaForm.vue'

const schema: FormField[] = [
  { field: 'username', label: '用户名', required: true, readonlyIn: ['edit'], testId: 'user-form-username' },
  { field: 'display_name', label: '姓名', required: true, testId: 'user-form-display-name' },
  { field: 'password', label: '初始密码', type: 'password', required: true, modes: ['create'], testId: 'user-form-password' },
]

function host(mode: 'create' | 'edit') {
  return defineComponent({
    components: { SchemaForm },
    setup() {
      const model = reactive<Record<string, unknown>>({ username: 'alice', display_name: '', password: '' })
      const form = useFormErrors()
      return { model, schema, mode, form }
    },
    template: `<SchemaForm ref="f" v-model="model" :schema="schema" :mode="mode" :errors="form.errors" />`,
  })
}

describe('SchemaForm', () => {
  it('puts data-testid on the <input> itself (for browser tests)', () => {
    const w = mount(host('create'))
    expect(w.get('[data-testid="user-form-username"]').element.tagName).toBe('INPUT')
    expect(w.get('[data-testid="user-form-password"]').attributes('type')).toBe('password')
  })

  it('shows fields by mode and locks read-only ones', () => {
    const w = mount(host('edit'))
    expect(w.find('[data-testid="user-form-password"]').exists()).toBe(false)
    expect(w.get('[data-testid="user-form-username"]').attributes('disabled')).toBeDefined()
  })

  it('shows the messages of a 422 under the matching fields', async () => {
    const w = mount(host('create'))
    const err = new ApiError(422, {
      code: 'validation_error',
      message: '提交的数据有误',
      details: { fields: { username: '用户名已存在', password: '密码至少 8 位' } },
    })
    ;(w.vm as unknown as { form: ReturnType<typeof useFormErrors> }).form.apply(err)
    // Element Plus shows a form item's error after a short debounce
    await vi.waitFor(() => {
      expect(w.findAll('.el-form-item')[0]!.text()).toContain('用户名已存在')
      expect(w.findAll('.el-form-item')[2]!.text()).toContain('密码至少 8 位')
    })
    const items = w.findAll('.el-form-item')
    expect(items[1]!.find('.el-form-item__error').exists()).toBe(false)
  })

  it('validates required fields in the browser before submitting', async () => {
    const w = mount(host('create'))
    const form = w.findComponent(SchemaForm)
    const ok = await (form.vm as unknown as { validate: () => Promise<boolean> }).validate()
    expect(ok).toBe(false)
    await vi.waitFor(() => expect(w.text()).toContain('请输入姓名'))
  })
})
