/**
 * SM2 transport of the login password (商用密码): the browser encrypts
 * `{"password": …, "nonce": …}` to the server's public key from GET /api/auth/login-challenge,
 * C1C3C2 (sm-crypto-v2 cipherMode 1), hex. The server (accounts/services/login_crypto.py)
 * decrypts, checks the single-use nonce and refuses a replay (`auth.replayed`).
 */
import { sm2 } from 'sm-crypto-v2'

/** sm-crypto-v2's C1C3C2 order (GM/T 0003-2012). */
export const CIPHER_MODE_C1C3C2 = 1

/** The plaintext the server expects: compact JSON with exactly these two keys. */
export function loginPlaintext(password: string, nonce: string): string {
  return JSON.stringify({ password, nonce })
}

/** An uncompressed public key as hex with the `04` prefix (the server sends it so; accept either). */
export function normalizePublicKey(publicKey: string): string {
  const key = publicKey.trim().toLowerCase()
  return key.length === 128 ? `04${key}` : key
}

/**
 * Hex ciphertext of `{password, nonce}`: `04` || C1(x||y) || C3 || C2. sm-crypto-v2 leaves out
 * the `04` point prefix; we add it so the ciphertext is the standard encoding (the server takes
 * both forms).
 */
export function encryptLoginPassword(password: string, nonce: string, publicKey: string): string {
  const cipher = sm2.doEncrypt(loginPlaintext(password, nonce), normalizePublicKey(publicKey), CIPHER_MODE_C1C3C2)
  return `04${cipher}`
}
