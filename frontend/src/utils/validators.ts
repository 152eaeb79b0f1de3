/** Client-side checks that mirror the back end's, so users see mistakes before submitting. */

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** 统一社会信用代码 (GB 32100-2015): 18 characters, the last one a check character. */
export function isValidCreditCode(raw: string): boolean {
  const code = raw.trim().toUpperCase()
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false
  let sum = 0
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(code[i]!) * USCC_WEIGHTS[i]!
  const check = (31 - (sum % 31)) % 31
  return USCC_CHARS[check] === code[17]
}

export function isMobile(raw: string): boolean {
  return /^1[3-9]\d{9}$/.test(raw.trim())
}

/** Landline or mobile, e.g. 0373-1234567 or 13800000000. */
export function isPhone(raw: string): boolean {
  const v = raw.trim()
  return isMobile(v) || /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/.test(v)
}
