import type { paths } from './schema.js';

/**
 * The HTTP methods of the Management API.
 *
 * @example
 * ```ts
 * const method: ManagementMethod = 'post';
 * ```
 */
export type ManagementMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * The path templates that support `method`, e.g. `ManagementPath<'delete'>` includes
 * `'/api/organizations/{id}/users/{userId}'`.
 *
 * @example
 * ```ts
 * const path: ManagementPath<'get'> = '/api/organizations/{id}/users';
 * ```
 */
export type ManagementPath<M extends ManagementMethod> = {
  [P in keyof paths]: paths[P] extends { [K in M]: infer O } ? ([O] extends [never] ? never : O extends undefined ? never : P) : never;
}[keyof paths];

/**
 * The OpenAPI operation for a method and path template.
 *
 * @example
 * ```ts
 * type CreateScope = ManagementOperation<'post', '/api/organization-scopes'>;
 * ```
 */
export type ManagementOperation<M extends ManagementMethod, P extends ManagementPath<M>> = NonNullable<paths[P][M]>;

type Present<K extends string, V> = { [key in K]: V };
type Maybe<K extends string, V> = { [key in K]?: V };

/** `{ K: V }` when the operation requires the field, `{ K?: V }` when optional, `{ K?: never }` when absent. */
type Field<Container, K extends string, Name extends string = K> = [Container] extends [never]
  ? Maybe<Name, never>
  : Container extends Present<K, infer V>
    ? [V] extends [never]
      ? Maybe<Name, never>
      : Present<Name, V>
    : Container extends Maybe<K, infer V>
      ? [V] extends [never]
        ? Maybe<Name, never>
        : Maybe<Name, V>
      : Maybe<Name, never>;

type Parameters<O> = O extends { parameters: infer P } ? P : never;
type JsonBody<O> = O extends { requestBody?: infer B }
  ? [NonNullable<B>] extends [never]
    ? never
    : NonNullable<B> extends { content: { 'application/json': infer J } }
      ? J
      : never
  : never;
type BodyField<O> = [JsonBody<O>] extends [never]
  ? Maybe<'body', never>
  : O extends { requestBody: object }
    ? Present<'body', JsonBody<O>>
    : Maybe<'body', JsonBody<O>>;

/**
 * What a call takes: `path` parameters (substituted into the template, URL-encoded), `query`
 * parameters and the JSON `body`, each typed and required exactly when the operation requires it;
 * plus optional `headers` and an abort `signal`.
 *
 * @example
 * ```ts
 * const options: ManagementRequestOptions<'post', '/api/organizations/{id}/users'> = {
 *   path: { id: 'org_1' },
 *   body: { userIds: ['user_1'] },
 * };
 * ```
 */
export type ManagementRequestOptions<M extends ManagementMethod, P extends ManagementPath<M>> = Field<
  Parameters<ManagementOperation<M, P>>,
  'path'
> &
  Field<Parameters<ManagementOperation<M, P>>, 'query'> &
  BodyField<ManagementOperation<M, P>> & {
    /** Extra request headers (the `authorization` header is set by the client). */
    headers?: Record<string, string>;
    /** Aborts the request (the client also applies its `timeoutMs`). */
    signal?: AbortSignal;
  };

type SuccessStatus = 200 | 201 | 202 | 204;
type Content<R> = R extends { content: { 'application/json': infer J } } ? J : undefined;

/**
 * The JSON body of a successful answer (`undefined` for 204 No Content).
 *
 * @example
 * ```ts
 * type Scope = ManagementResponseBody<'post', '/api/organization-scopes'>; // { id, name, description, … }
 * ```
 */
export type ManagementResponseBody<M extends ManagementMethod, P extends ManagementPath<M>> =
  ManagementOperation<M, P> extends { responses: infer R }
    ? { [S in keyof R & SuccessStatus]: Content<R[S]> }[keyof R & SuccessStatus]
    : never;

/**
 * A successful answer: the typed body, the status, the headers, and for lists the total number
 * of items across all pages (the `Total-Number` header).
 *
 * @example
 * ```ts
 * const { data, totalNumber } = await api.get('/api/organizations', { query: { page: 1, page_size: 20 } });
 * ```
 */
export interface ManagementResponse<T> {
  data: T;
  status: number;
  headers: Headers;
  /** `Total-Number` as a number, when the server sent it (paginated lists); otherwise `undefined`. */
  totalNumber: number | undefined;
}

type HasRequired<T> = {} extends T ? false : true;

/** The options argument, which may be omitted when the operation requires nothing. */
export type OptionsArgument<M extends ManagementMethod, P extends ManagementPath<M>> =
  HasRequired<ManagementRequestOptions<M, P>> extends true
    ? [options: ManagementRequestOptions<M, P>]
    : [options?: ManagementRequestOptions<M, P>];
