import { describe, expect, it } from 'vitest'

import { isMobile, isPhone, isValidCreditCode } from '../validators'

describe('isValidCreditCode (GB 32100-2015)', () => {
  it('accepts real codes', () => {
    expect(isValidCreditCode('914403001922038216')).toBe(true)
    expect(isValidCreditCode('91110108551385082Q')).toBe(true)
    expect(isValidCreditCode(' 91110108551385082q ')).toBe(true)
  })

  it('rejects a wrong check character, wrong length or forbidden letters', () => {
    expect(isValidCreditCode('914403001922038217')).toBe(false)
    expect(isValidCreditCode('91440300192203821')).toBe(false)
    expect(isValidCreditCode('91440300I92203821O')).toBe(false)
  })
})

describe('phones', () => {
  it('checks mainland mobiles and landlines', () => {
    expect(isMobile('13800138000')).toBe(true)
    expect(isMobile('12800138000')).toBe(false)
    expect(isPhone('0373-3012345')).toBe(true)
    expect(isPhone('03733012345')).toBe(true)
    expect(isPhone('3012345')).toBe(false)
  })
})
