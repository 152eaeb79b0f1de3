/**
 * Typed calls over the generated OpenAPI schema (schema.d.ts, `npm run gen:api`):
 * the path must exist for the method, path parameters, query and body are checked,
 * and the result type is the operation's 2xx JSON body. A change in the back end's
 * schema shows up here as a type error.
 *
 *   api.get('/api/users', { query })                      → Page_UserOut_
 *   api.put('/api/users/{user_id}/roles', { path: { user_id: 5 }, body: { assignments } })
 */
import { request, type Query, type RequestOptions } from './http'
import type { paths } from './schema'

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete'

type Op<P extends keyof paths, M extends HttpMethod> = NonNullable<paths[P][M]>

/** Paths that have an operation for method M. */
export type PathsFor<M extends HttpMethod> = {
  [P in keyof paths]: [Op<P, M>] extends [never] ? never : P
}[keyof paths]

type SuccessCode = 200 | 201 | 202 | 204
type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : undefined
type ResponsesOf<O> = O extends { responses: infer R } ? R : never

/** The 2xx JSON body of an operation (undefined for 204). */
export type ResponseOf<P extends keyof paths, M extends HttpMethod> = JsonOf<
  ResponsesOf<Op<P, M>>[Extract<keyof ResponsesOf<Op<P, M>>, SuccessCode>]
>

/** The query parameters an operation accepts. */
export type QueryOf<P extends keyof paths, M extends HttpMethod> =
  Op<P, M> extends { parameters: { query?: infer Q } } ? Exclude<Q, undefined> : never

/** The JSON request body of an operation. */
export type BodyOf<P extends keyof paths, M extends HttpMethod> =
  Op<P, M> extends { requestBody: { content: { 'application/json': infer B } } } ? B : never

type PathPart<O> = O extends { parameters: { path: infer PP } } ? { path: PP } : { path?: undefined }
type QueryPart<O> = O extends { parameters: { query?: infer Q } }
  ? [Exclude<Q, undefined>] extends [never]
    ? { query?: undefined }
    : { query?: Q }
  : { query?: undefined }
type BodyPart<O> = O extends { requestBody: { content: { 'application/json': infer B } } }
  ? { body: B }
  : O extends { requestBody: { content: { 'multipart/form-data': unknown } } }
    ? { body: FormData }
    : { body?: undefined }

export type CallInit<P extends keyof paths, M extends HttpMethod> = PathPart<Op<P, M>> &
  QueryPart<Op<P, M>> &
  BodyPart<Op<P, M>> &
  Omit<RequestOptions, 'query' | 'body'>

/** `/api/users/{user_id}/roles` + {user_id: 5} → `/api/users/5/roles` */
export function fillPath(template: string, params?: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params?.[name]
    if (value === undefined || value === null || value === '') throw new Error(`missing path parameter ${name} for ${template}`)
    return encodeURIComponent(String(value))
  })
}

type Args<P extends keyof paths, M extends HttpMethod> =
  // no init needed when nothing is required
  object extends CallInit<P, M> ? [init?: CallInit<P, M>] : [init: CallInit<P, M>]

function call<M extends HttpMethod>(method: M) {
  return <P extends PathsFor<M>>(path: P, ...rest: Args<P, M>): Promise<ResponseOf<P, M>> => {
    const raw: unknown = (rest as unknown[])[0]
    const { path: params, query, body, ...opts } = (raw ?? {}) as {
      path?: Record<string, unknown>
      query?: Query
      body?: unknown
    } & Omit<RequestOptions, 'query' | 'body'>
    return request<ResponseOf<P, M>>(method.toUpperCase(), fillPath(path, params), { ...opts, query, body })
  }
}

export const api = {
  get: call('get'),
  post: call('post'),
  put: call('put'),
  patch: call('patch'),
  delete: call('delete'),
}
