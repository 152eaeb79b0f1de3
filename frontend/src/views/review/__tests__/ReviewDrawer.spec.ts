import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { ReviewDetailOut, ReviewMaterialsOut } from '@/api/types'
import { vAccess } from '@/directives/access'
import { useAuthStore } from '@/stores/auth'
import { countyAOfficer } from '@/test/personas'

import ReviewDrawer from '../modules/ReviewDrawer.vue'

const api = vi.hoisted(() => ({
  reviewGet: vi.fn(),
  reviewAct: vi.fn(),
  reviewWithdraw: vi.fn(),
  reviewMaterials: vi.fn(),
  reviewAttachmentUrl: (id: number, file: string, inline = false) => `/api/reviews/${id}/attachments/${file}${inline ? '?inline=true' : ''}`,
}))
vi.mock('@/api/reviews', () => api)

function detail(over: Partial<ReviewDetailOut> = {}): ReviewDetailOut {
  return {
    id: 7,
    process_key: 'org_verification',
    process_name: '注册认证',
    title: '企业注册认证：新乡测试数字科技有限公司',
    status: 'pending',
    status_label: '审核中',
    current_step_name: '县区初审',
    steps: ['县区初审', '市级复审'],
    round: 1,
    region: { code: '410702', name: '红旗区' },
    org: { id: 10, name: '新乡测试数字科技有限公司' },
    submitted_by_name: '王五',
    submitted_at: '2026-11-26T06:10:38Z',
    decided_at: null,
    can_decide: true,
    allowed_actions: ['approve', 'reject', 'return', 'withdraw'],
    target: { type: 'orgs.organization', id: '10', link: '', summary: { 单位名称: '新乡测试数字科技有限公司', 联系电话: '138****8000' } },
    timeline: [
      { id: 1, action: 'submit', action_label: '提交', step_name: '', actor_name: '王五', opinion: '', round: 1, created_at: '2026-11-26T06:10:38Z' },
    ],
    ...over,
  }
}

function materials(over: Partial<ReviewMaterialsOut> = {}): ReviewMaterialsOut {
  return {
    sections: [
      {
        title: '申报信息',
        fields: [
          { label: '申报细分行业', value: '汽车零部件', long: false },
          { label: '数字化转型计划', value: '建设 MES', long: true },
        ],
        table: { columns: ['岗位', '人数'], rows: [['焊工', '3']] },
      },
    ],
    attachments: [
      { id: 'f1', label: '实施方案', name: '方案.pdf', size: 2048, content_type: 'application/pdf', preview: 'pdf' },
      { id: 'f2', label: '表格', name: '明细.xlsx', size: 1024, content_type: 'application/vnd.ms-excel', preview: '' },
    ],
    findings: [{ level: 'error', message: '缺少必需附件：营业执照' }],
    opinions: [{ author: '孙教授', role: '评审专家', text: '基础扎实', score: '86.00 分', at: '2026-11-27T06:00:00Z' }],
    history: [
      {
        id: 7,
        process_name: '注册认证',
        status: 'pending',
        status_label: '审核中',
        submitted_at: '2026-11-26T06:10:38Z',
        decided_at: null,
        current: true,
        actions: [
          { id: 1, action: 'submit', action_label: '提交', step_name: '', actor_name: '王五', opinion: '', round: 1, created_at: '2026-11-26T06:10:38Z' },
        ],
      },
      {
        id: 3,
        process_name: '注册认证',
        status: 'rejected',
        status_label: '未通过',
        submitted_at: '2026-10-01T06:10:38Z',
        decided_at: '2026-10-02T06:10:38Z',
        current: false,
        actions: [
          { id: 2, action: 'reject', action_label: '不予通过', step_name: '县区初审', actor_name: '李审核', opinion: '材料不全', round: 1, created_at: '2026-10-02T06:10:38Z' },
        ],
      },
    ],
    ...over,
  }
}

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)

async function open(review: ReviewDetailOut, box: 'todo' | 'done' | 'mine' = 'todo', mats: ReviewMaterialsOut = materials({ sections: [] })) {
  const pinia = createPinia()
  setActivePinia(pinia)
  useAuthStore().me = countyAOfficer
  api.reviewGet.mockResolvedValue(review)
  api.reviewMaterials.mockResolvedValue(mats)
  const wrapper = mount(ReviewDrawer, {
    props: { modelValue: true, reviewId: review.id, box },
    global: { plugins: [pinia], directives: { access: vAccess } },
    attachTo: document.body,
  })
  await flushPromises()
  return wrapper
}

describe('ReviewDrawer', () => {
  beforeEach(() => {
    api.reviewGet.mockReset()
    api.reviewAct.mockReset()
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('shows the target summary and the timeline', async () => {
    await open(detail())
    expect(byTestId('review-summary')!.textContent).toContain('138****8000')
    expect(byTestId('review-timeline')!.textContent).toContain('提交')
  })

  it('shows the materials: labelled form, attachments with preview or download, findings, opinions, history', async () => {
    await open(detail(), 'todo', materials())
    const text = byTestId('review-materials')!.textContent!
    expect(text).toContain('申报细分行业')
    expect(text).toContain('汽车零部件')
    expect(text).toContain('焊工')
    expect(text).toContain('缺少必需附件：营业执照')
    expect(text).toContain('基础扎实')
    expect(text).toContain('材料不全') // an earlier review's opinion
    // a PDF is previewed inline, a spreadsheet only downloaded — both through the review's own endpoint
    expect(byTestId('materials-preview-f1')).not.toBeNull()
    expect(byTestId('materials-preview-f2')).toBeNull()
    const links = [...byTestId('materials-attachments')!.querySelectorAll('a')].map((a) => a.getAttribute('href'))
    expect(links).toEqual(['/api/reviews/7/attachments/f1', '/api/reviews/7/attachments/f2'])
    // the summary is not repeated when the materials carry the form
    expect(byTestId('review-summary')).toBeNull()
  })

  it('offers exactly the decisions the server allows', async () => {
    await open(detail({ allowed_actions: ['approve', 'return'] }))
    expect(byTestId('review-approve')).not.toBeNull()
    expect(byTestId('review-return')).not.toBeNull()
    expect(byTestId('review-reject')).toBeNull()
  })

  it('offers no decision when the user may not decide (e.g. already decided at their level)', async () => {
    await open(detail({ can_decide: false, allowed_actions: [] }), 'done')
    expect(byTestId('review-approve')).toBeNull()
    expect(byTestId('review-return')).toBeNull()
    expect(byTestId('review-reject')).toBeNull()
  })

  it('requires an opinion to return, then sends it', async () => {
    const wrapper = await open(detail())
    byTestId('review-return')!.click()
    await flushPromises()

    byTestId('dialog-submit')!.click()
    await flushPromises()
    expect(api.reviewAct).not.toHaveBeenCalled()
    // Element Plus shows a form item's error after a short debounce
    await vi.waitFor(() => expect(document.body.textContent).toContain('请填写审核意见'))

    const textarea = byTestId('review-opinion') as HTMLTextAreaElement
    textarea.value = '  营业执照地址与所填地址不一致  '
    textarea.dispatchEvent(new Event('input'))
    api.reviewAct.mockResolvedValue(detail({ status: 'returned', status_label: '退回修改', can_decide: false, allowed_actions: [] }))
    byTestId('dialog-submit')!.click()
    await flushPromises()

    expect(api.reviewAct).toHaveBeenCalledWith(7, 'return', '营业执照地址与所填地址不一致')
    expect(wrapper.emitted('changed')).toHaveLength(1)
  })

  it('approves without an opinion', async () => {
    await open(detail())
    byTestId('review-approve')!.click()
    await flushPromises()
    api.reviewAct.mockResolvedValue(detail({ status: 'approved', can_decide: false, allowed_actions: [] }))
    byTestId('dialog-submit')!.click()
    await flushPromises()
    expect(api.reviewAct).toHaveBeenCalledWith(7, 'approve', '')
  })
})
