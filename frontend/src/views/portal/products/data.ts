/** 公开产品详情: display helpers of a published product (pure, tested in __tests__). */

/** 小快轻准 attributes in their fixed order, with the meaning of each letter. */
export const XKQZ: readonly { key: 'small' | 'fast' | 'light' | 'precise'; label: string }[] = [
  { key: 'small', label: '小（投入小）' },
  { key: 'fast', label: '快（见效快）' },
  { key: 'light', label: '轻（部署轻）' },
  { key: 'precise', label: '准（服务准）' },
]

/** The filled 小快轻准 attributes as label/text rows (empty ones left out). */
export function xkqzRows(xkqz: Record<string, string> | null | undefined): { key: string; label: string; text: string }[] {
  return XKQZ.map((x) => ({ key: x.key, label: x.label, text: (xkqz?.[x.key] ?? '').trim() })).filter((r) => r.text)
}

/** A percentage the API returned as a Decimal string: "12.50" → "12.5%"; 0 or empty → ''. */
export function pctText(value: string | number | null | undefined): string {
  const n = Number(value)
  if (value === null || value === undefined || value === '' || !Number.isFinite(n) || n === 0) return ''
  return `${n.toLocaleString('zh-CN', { maximumFractionDigits: 2 })}%`
}

/** Detail page of a catalogue product. */
export const productPath = (id: number): string => `/portal/products/${id}`
