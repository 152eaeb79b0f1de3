import { describe, expect, it } from 'vitest'

import type { IdentityProviderOut } from '@/api/identity'

import { configFromForm, ConfigJsonError, createPayload, parseExtra, providerToForm, updatePayload } from '../data'

const ticket: IdentityProviderOut = {
  id: 3,
  slug: 'henan',
  name: '河南省统一身份认证',
  protocol: 'ticket',
  enabled: true,
  adapter_class: '',
  config: {
    authorize_url: 'https://uc.example.gov.cn/authorize',
    token_url: 'https://uc.example.gov.cn/api/ticket/exchange',
    app_id: 'smedt-xinxiang',
    sign_method: 'hmac-sm3',
    trust_mobile: true,
    claims: { subject: 'userId', credit_code: 'creditCode' },
    legal_person_values: ['2'],
  },
  secrets_set: ['app_secret', 'sm4_key'],
  last_pulled_at: null,
  updated_at: '2026-01-01T00:00:00Z',
}

describe('identity provider form ↔ payload', () => {
  it('splits config into the protocol fields and the JSON of the rest', () => {
    const m = providerToForm(ticket)
    expect(m.protocol).toBe('ticket')
    expect(m.fields.app_id).toBe('smedt-xinxiang')
    expect(m.fields.trust_mobile).toBe(true)
    expect(m.fields.userinfo_url).toBe('')
    expect(JSON.parse(m.extra)).toEqual({ claims: { subject: 'userId', credit_code: 'creditCode' }, legal_person_values: ['2'] })
    // secrets are never in the model: only what the administrator types
    expect(m.secrets).toEqual({})
  })

  it('round-trips the config unchanged when nothing is edited, and sends no secrets', () => {
    const body = updatePayload(providerToForm(ticket))
    expect(body.config).toEqual(ticket.config)
    expect(body).not.toHaveProperty('secrets')
  })

  it('sends only replaced secrets, and null for removed ones', () => {
    const m = providerToForm(ticket)
    m.secrets = { app_secret: '  new-secret ', sm2_private_key: '' }
    m.removeSecrets = ['sm4_key']
    expect(updatePayload(m).secrets).toEqual({ app_secret: 'new-secret', sm4_key: null })
  })

  it('drops empty fields, turns a list field into an array and an unchecked switch into nothing', () => {
    const m = providerToForm(null, 'cas')
    m.slug = ' cas-test '
    m.name = 'CAS 测试'
    m.fields.server_url = ' https://cas.example.gov.cn/cas '
    m.fields.slo_allowed_ips = '10.1.2.3，10.1.2.4 10.1.2.5'
    m.fields.trust_mobile = false
    expect(createPayload(m)).toEqual({
      slug: 'cas-test',
      name: 'CAS 测试',
      protocol: 'cas',
      enabled: false,
      adapter_class: '',
      config: { server_url: 'https://cas.example.gov.cn/cas', slo_allowed_ips: ['10.1.2.3', '10.1.2.4', '10.1.2.5'] },
      secrets: {},
    })
  })

  it('lets structured fields win over the same key in the JSON', () => {
    const m = providerToForm(null, 'oidc')
    m.fields.client_id = 'from-field'
    m.extra = '{"client_id": "from-json", "claims": {"name": "cn"}}'
    expect(configFromForm(m)).toEqual({ client_id: 'from-field', claims: { name: 'cn' } })
  })

  it('refuses JSON that is not an object', () => {
    expect(() => parseExtra('{bad')).toThrow(ConfigJsonError)
    expect(() => parseExtra('[1]')).toThrow('应为 JSON 对象')
    expect(parseExtra('  ')).toEqual({})
  })
})
