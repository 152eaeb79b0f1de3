import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

const ratings = vi.hoisted(() => ({ manualScoresSet: vi.fn() }))
const providers = vi.hoisted(() => ({ poolList: vi.fn() }))
vi.mock('@/api/providerRatings', () => ratings)
vi.mock('@/api/providers', () => providers)

const { default: RatingForm } = await import('../RatingForm.vue')

const scheme = {
  version: 'v1',
  dimensions: [
    { key: 'government', name: '主管部门评价', weight: '10', source: 'manual' },
    { key: 'on_time', name: '按期完成率', weight: '20', source: 'on_time' },
  ],
}

async function open() {
  const wrapper = mount(RatingForm, { props: { modelValue: false, scheme: scheme as never, orgId: 7, year: 2026 }, attachTo: document.body })
  await wrapper.setProps({ modelValue: true })
  await flushPromises()
  return wrapper
}

/** The messages the form items show (server or client checks), in form order. */
function formErrors(wrapper: Awaited<ReturnType<typeof open>>): string[] {
  return wrapper
    .findAllComponents({ name: 'ElFormItem' })
    .map((item) => item.props('error') as string | undefined)
    .filter((m): m is string => Boolean(m))
}

async function typeAndSubmit(value: string): Promise<void> {
  const input = document.querySelector<HTMLInputElement>('input[data-testid="manual-score-government"]')
  expect(input).not.toBeNull()
  input!.value = value
  input!.dispatchEvent(new Event('input'))
  await flushPromises()
  ;(document.querySelector('[data-testid="dialog-submit"]') as HTMLButtonElement).click()
  await flushPromises()
}

describe('RatingForm manual scores', () => {
  beforeEach(() => {
    ratings.manualScoresSet.mockReset()
    ratings.manualScoresSet.mockResolvedValue({ grade: '四星', total: '88.00' })
    providers.poolList.mockResolvedValue({ items: [{ org_id: 7, org_name: '智造科技' }] })
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('sends the score exactly as typed', async () => {
    const wrapper = await open()
    await typeAndSubmit('89.99')
    expect(ratings.manualScoresSet).toHaveBeenCalledWith({ org_id: 7, year: 2026, components: { government: '89.99' }, note: '' })
    wrapper.unmount()
  })

  it('accepts 100 and sends it unchanged', async () => {
    const wrapper = await open()
    await typeAndSubmit('100')
    expect(ratings.manualScoresSet).toHaveBeenCalledWith(expect.objectContaining({ components: { government: '100' } }))
    wrapper.unmount()
  })

  it.each(['89.995', '100.01', '-1', 'abc'])('refuses %s with a message and sends nothing', async (bad) => {
    const wrapper = await open()
    await typeAndSubmit(bad)
    expect(ratings.manualScoresSet).not.toHaveBeenCalled()
    expect(formErrors(wrapper)).toEqual(['评分应为 0 至 100 之间的数，最多两位小数'])
    wrapper.unmount()
  })

  it('asks for at least one score', async () => {
    const wrapper = await open()
    await typeAndSubmit('  ')
    expect(ratings.manualScoresSet).not.toHaveBeenCalled()
    expect(formErrors(wrapper)).toEqual(['请至少填写一项评分'])
    wrapper.unmount()
  })
})
