import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ref } from 'vue'

import { candidateQuery, ratingText } from '../modules/create'

const api = vi.hoisted(() => ({ providerCandidates: vi.fn(), projectCreate: vi.fn() }))
vi.mock('@/api/projects', () => api)
vi.mock('@/components/Registries/useDictOptions', () => ({
  useDictOptions: () => ({ options: ref([{ label: '汽车零部件', value: 'auto_parts' }]), labels: ref({}), load: vi.fn() }),
}))

const { default: ProjectCreateDialog } = await import('../modules/ProjectCreateDialog.vue')

const rated = { org_id: 5, org_name: '智造科技', region_name: '红旗区', provider_type: 'integrator', sub_industries: ['auto_parts'], rating_year: 2025, rating_total: '88.00', rating_grade: '四星' }
const unrated = { ...rated, org_id: 6, org_name: '新锐软件', rating_year: null, rating_total: null, rating_grade: null, rating_note: '暂无评级' }

describe('candidate filters (pure)', () => {
  it('sends 细分行业 and the minimum rating score only when set', () => {
    expect(candidateQuery('', null)).toEqual({ page_size: 100 })
    expect(candidateQuery('auto_parts', 80)).toEqual({ page_size: 100, sub_industry: 'auto_parts', min_score: '80' })
    expect(candidateQuery('', 0)).toEqual({ page_size: 100, min_score: '0' })
    expect(candidateQuery('', undefined)).toEqual({ page_size: 100 })
  })

  it("shows the candidate's latest yearly rating: year, total, grade", () => {
    expect(ratingText(rated)).toBe('2025年度 88.00 分（四星）')
    expect(ratingText({ ...rated, rating_grade: null })).toBe('暂无评级')
    expect(ratingText(unrated)).toBe('暂无评级')
  })
})

describe('ProjectCreateDialog rating filter', () => {
  beforeEach(() => {
    api.providerCandidates.mockReset()
    api.providerCandidates.mockImplementation(async (q: { min_score?: string }) => ({
      items: q.min_score ? [rated] : [rated, unrated],
      total: q.min_score ? 1 : 2,
    }))
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('reloads the pool with the minimum score and lists each candidate with its rating', async () => {
    const wrapper = mount(ProjectCreateDialog, { props: { modelValue: false }, attachTo: document.body })
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    expect(api.providerCandidates).toHaveBeenLastCalledWith({ page_size: 100 })
    expect(document.body.textContent).toContain('2025年度 88.00 分（四星）')
    expect(document.body.textContent).toContain('暂无评级')

    wrapper.findComponent({ name: 'ElInputNumber' }).vm.$emit('update:modelValue', 80)
    await flushPromises()
    expect(api.providerCandidates).toHaveBeenLastCalledWith({ page_size: 100, min_score: '80' })
    expect(document.body.textContent).not.toContain('新锐软件')
    expect(document.body.textContent).toContain('智造科技')
    wrapper.unmount()
  })

  it('drops a chosen provider that no longer matches the rating filter', async () => {
    const wrapper = mount(ProjectCreateDialog, { props: { modelValue: false }, attachTo: document.body })
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    const provider = wrapper.findAllComponents({ name: 'ElSelect' }).find((c) => c.attributes('data-testid') === 'project-form-provider')
    expect(provider).toBeDefined()
    provider!.vm.$emit('update:modelValue', 6)
    await flushPromises()
    expect(provider!.props('modelValue')).toBe(6)

    wrapper.findComponent({ name: 'ElInputNumber' }).vm.$emit('update:modelValue', 60)
    await flushPromises()
    expect(provider!.props('modelValue')).toBeNull()
    wrapper.unmount()
  })
})
