/**
 * An error answered by Guildhall, or by its token endpoint, to the Management API client.
 *
 * - Management API errors carry Guildhall's `{ code, message, data? }`: `code` is the stable code
 *   (e.g. `entity.not_exists_with_id`, `guard.invalid_input`).
 * - Token endpoint errors carry OAuth's `{ error, error_description }` (RFC 6749 §5.2): `code` is
 *   `oauth.<error>`, e.g. `oauth.invalid_client` for wrong credentials.
 * - A body in neither shape gives the code `http.<status>`.
 *
 * @example
 * ```ts
 * try {
 *   await api.post('/api/organization-scopes', { body: { name: 'invite:users' } });
 * } catch (error) {
 *   if (error instanceof ManagementApiError && error.status === 422) console.log(error.code);
 *   else throw error;
 * }
 * ```
 */
export class ManagementApiError extends Error {
  override readonly name = 'ManagementApiError';

  constructor(
    /** The HTTP status of the answer. */
    readonly status: number,
    /** The stable error code (see the class description). */
    readonly code: string,
    message: string,
    /** The request that failed, e.g. `POST /api/organization-scopes`. */
    readonly request: string,
    /** The `data` member of Guildhall's error body, when present. */
    readonly data?: unknown,
  ) {
    super(message);
  }
}

/** Builds the error for a non-2xx answer from its status and (possibly empty or non-JSON) body. */
export function errorFromResponse(status: number, body: unknown, request: string): ManagementApiError {
  if (isRecord(body) && typeof body.code === 'string') {
    const message = typeof body.message === 'string' ? body.message : `${request} answered ${status}`;
    return new ManagementApiError(status, body.code, message, request, body.data);
  }
  if (isRecord(body) && typeof body.error === 'string') {
    const message = typeof body.error_description === 'string' ? body.error_description : body.error;
    return new ManagementApiError(status, `oauth.${body.error}`, message, request);
  }
  return new ManagementApiError(status, `http.${status}`, `${request} answered ${status}`, request);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
