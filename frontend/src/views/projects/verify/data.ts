/** How a verification answer is shown: only `valid` is a pass; a one-party contract is 签署未完成, not a failure of the file. */
import type { VerifyResult } from '@/api/projects'

export type VerifyStatus = VerifyResult['status']
type ResultIcon = 'success' | 'warning' | 'error' | 'info'

export const PARTY_LABELS: Record<string, string> = { enterprise: '甲方（企业）', provider: '乙方（服务商）' }

const ICONS: Record<VerifyStatus, ResultIcon> = {
  valid: 'success',
  partial: 'warning',
  keys_unchecked: 'warning',
  invalid: 'error',
  not_found: 'error',
}

export function statusIcon(status: VerifyStatus): ResultIcon {
  return ICONS[status] ?? 'error'
}

/** The sub-title under the verdict. */
export function statusHint(result: Pick<VerifyResult, 'status' | 'contract_number'>): string {
  const number = result.contract_number ? `合同编号 ${result.contract_number}` : ''
  switch (result.status) {
    case 'valid':
      return `${number}：双方均已签署，签名有效，签名公钥与平台登记的双方公钥一致`
    case 'partial':
      return `${number}：已签署的签名有效，但合同需甲乙双方均签署后才生效`
    case 'keys_unchecked':
      return `${number}：签名与文件一致，但无法确认签名公钥属于合同双方`
    case 'not_found':
      return '文件可能已被改动，或不是本平台签署的合同'
    default:
      return number ? `${number}：合同文件或签名未通过校验` : '合同文件或签名未通过校验'
  }
}
