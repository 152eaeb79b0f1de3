import { sm2 } from 'sm-crypto-v2'
import { describe, expect, it } from 'vitest'

import { CIPHER_MODE_C1C3C2, encryptLoginPassword, loginPlaintext, normalizePublicKey } from '../sm2'

describe('SM2 login password encryption', () => {
  const keys = sm2.generateKeyPairHex()

  it('encrypts {password, nonce} so the private key holder recovers exactly that JSON', () => {
    const cipher = encryptLoginPassword('Demo@2026smedt', 'a1b2c3d4e5f60718', keys.publicKey)

    expect(cipher).toMatch(/^04[0-9a-f]+$/)
    // 04 || C1 (64 bytes) || C3 (32 bytes) || C2 (as long as the plaintext)
    const plain = loginPlaintext('Demo@2026smedt', 'a1b2c3d4e5f60718')
    expect(cipher.length).toBe(2 + 128 + 64 + new TextEncoder().encode(plain).length * 2)

    const decrypted = sm2.doDecrypt(cipher.slice(2), keys.privateKey, CIPHER_MODE_C1C3C2, { output: 'string' })
    const payload = JSON.parse(decrypted) as Record<string, unknown>
    expect(Object.keys(payload).sort()).toEqual(['nonce', 'password'])
    expect(payload).toEqual({ password: 'Demo@2026smedt', nonce: 'a1b2c3d4e5f60718' })
  })

  it('never carries the password in clear and differs on every call', () => {
    const a = encryptLoginPassword('密码Secret#1', 'n1', keys.publicKey)
    const b = encryptLoginPassword('密码Secret#1', 'n1', keys.publicKey)
    expect(a).not.toBe(b)
    const hexOfPassword = Array.from(new TextEncoder().encode('Secret#1'), (x) => x.toString(16).padStart(2, '0')).join('')
    expect(a).not.toContain(hexOfPassword)
    expect(JSON.parse(sm2.doDecrypt(a.slice(2), keys.privateKey, 1, { output: 'string' }))).toEqual({ password: '密码Secret#1', nonce: 'n1' })
  })

  it('is C1C3C2: decrypting as C1C2C3 fails', () => {
    const cipher = encryptLoginPassword('x', 'n', keys.publicKey)
    expect(sm2.doDecrypt(cipher.slice(2), keys.privateKey, 0, { output: 'string' })).toBe('')
  })

  it('accepts a public key with or without the 04 prefix', () => {
    expect(normalizePublicKey(keys.publicKey.slice(2))).toBe(keys.publicKey.toLowerCase())
    const cipher = encryptLoginPassword('pw', 'n', keys.publicKey.slice(2).toUpperCase())
    expect(JSON.parse(sm2.doDecrypt(cipher.slice(2), keys.privateKey, 1, { output: 'string' }))).toEqual({ password: 'pw', nonce: 'n' })
  })
})
