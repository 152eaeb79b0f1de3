"""Commercial cryptography (商用密码) kernel: SM2, SM3, SM4 and what is built on them.

Import from the submodules (`smedt.gmcrypto.sm4`, `smedt.gmcrypto.fields`, ...); this
package does not re-export them so that importing it never touches Django settings.

Which library supplies what:

- `cryptography` (OpenSSL): SM3, HMAC-SM3, PBKDF2-HMAC-SM3, SM4-GCM, SM4 block.
- `gmssl-fast` (GmSSL): SM2 signatures and encryption (`cryptography` has no SM2).
"""
