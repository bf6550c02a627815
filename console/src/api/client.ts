import createClient, { type Middleware } from 'openapi-fetch';
import { getAccessToken, handleUnauthorized } from '../auth/session.ts';
// The Management API's types, generated from Guildhall's OpenAPI document and kept current by the
// SDK (sdk/scripts/generate-management-types.ts; a test fails when they are stale).
import type { paths } from '@guildhall/sdk/management';

export type { paths };

/** An error answered by Guildhall: `{ code, message }` with the HTTP status. */
export class ApiProblem extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiProblem';
  }
}

const auth: Middleware = {
  async onRequest({ request, schemaPath }) {
    if (!schemaPath.startsWith('/api/')) return request;
    request.headers.set('authorization', `Bearer ${await getAccessToken()}`);
    return request;
  },
  onResponse({ response, schemaPath }) {
    if (response.status === 401 && schemaPath.startsWith('/api/')) handleUnauthorized();
    return response;
  },
};

/** The typed Management API client (types generated from Guildhall's OpenAPI document). */
export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(auth);

interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

function problem(error: unknown, response: Response): ApiProblem {
  const body = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; message?: unknown };
  const message =
    typeof body.message === 'string' && body.message
      ? body.message
      : response.status >= 500
        ? 'Guildhall could not complete the request. Please try again.'
        : `The request failed (${response.status}).`;
  return new ApiProblem(message, typeof body.code === 'string' ? body.code : undefined, response.status);
}

/** Resolves to the response body, or throws an {@link ApiProblem} with the server's message. */
export async function call<T>(request: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await request;
  } catch (error) {
    throw new ApiProblem(error instanceof Error ? error.message : 'The network request failed.', undefined, 0);
  }
  if (!result.response.ok) throw problem(result.error, result.response);
  return result.data as T;
}

/** A page of a list, with the total from the `Total-Number` header. */
export async function callPage<T>(request: Promise<Result<T[]>>): Promise<{ rows: T[]; total: number }> {
  let result: Result<T[]>;
  try {
    result = await request;
  } catch (error) {
    throw new ApiProblem(error instanceof Error ? error.message : 'The network request failed.', undefined, 0);
  }
  if (!result.response.ok) throw problem(result.error, result.response);
  const rows = result.data ?? [];
  const header = result.response.headers.get('total-number');
  return { rows, total: header === null ? rows.length : Number(header) };
}

export const PAGE_SIZE = 20;
