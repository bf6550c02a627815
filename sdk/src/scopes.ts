import type { JWTPayload } from 'jose';
import { OrganizationTokenError } from './errors.ts';

/** RFC 6749 §3.3: `scope` is a list of space-delimited, case-sensitive strings. */
export function scopesOf(claims: JWTPayload): string[] {
  const { scope } = claims;
  if (scope === undefined || scope === '') return [];
  if (typeof scope !== 'string') {
    throw new OrganizationTokenError('invalid_claims', { detail: 'scope must be a space-delimited string' });
  }
  const scopes = scope.split(' ');
  return scopes.includes('') ? scopes.filter((value) => value !== '') : scopes;
}

/** Throws `insufficient_scope` naming every required scope the token lacks. */
export function assertScopes(granted: readonly string[], required: readonly string[]): void {
  for (const scope of required) {
    if (!granted.includes(scope)) {
      const missing = required.filter((value) => !granted.includes(value));
      throw new OrganizationTokenError('insufficient_scope', {
        detail: `missing ${missing.join(' ')}`,
        requiredScopes: required,
      });
    }
  }
}
