import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorResponse, errorStatus, OrganizationTokenError, readBearerToken } from '../src/index.ts';

describe('readBearerToken (RFC 6750 §2.1)', () => {
  const cases: Array<[string | null | undefined, string | undefined | 'malformed']> = [
    [undefined, undefined],
    [null, undefined],
    ['', undefined],
    ['Basic dXNlcjpwYXNz', undefined],
    ['Bearerish abc', undefined],
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer abc.def.ghi', 'abc.def.ghi'],
    ['BEARER   abc.def.ghi  ', 'abc.def.ghi'],
    ['Bearer abc+/~-_.==', 'abc+/~-_.=='],
    ['Bearer', 'malformed'],
    ['Bearer ', 'malformed'],
    ['Bearer abc def', 'malformed'],
    ['Bearer "abc"', 'malformed'],
  ];
  for (const [header, expected] of cases) {
    it(`${JSON.stringify(header)} → ${expected ?? 'no token'}`, () => {
      if (expected === 'malformed') {
        assert.throws(() => readBearerToken(header), (error: unknown) =>
          error instanceof OrganizationTokenError && error.code === 'malformed_token');
      } else {
        assert.equal(readBearerToken(header), expected);
      }
    });
  }
});

describe('errorResponse (RFC 6750 §3)', () => {
  it('maps every code to its registry status, with a challenge only for 401 and 403', () => {
    const codes = ['missing_token', 'malformed_token', 'token_expired', 'missing_organization',
      'organization_mismatch', 'insufficient_scope', 'issuer_unavailable'] as const;
    for (const code of codes) {
      const response = errorResponse(new OrganizationTokenError(code));
      assert.equal(response.status, errorStatus(code));
      assert.deepEqual(response.body, { code, message: new OrganizationTokenError(code).message });
      const challenge = response.headers['www-authenticate'];
      if (response.status === 503) assert.equal(challenge, undefined);
      else if (code === 'missing_token') assert.equal(challenge, 'Bearer');
      else if (response.status === 401) assert.match(challenge!, /^Bearer error="invalid_token"/);
      else assert.match(challenge!, /^Bearer error="insufficient_scope"/);
    }
  });

  it('keeps the challenge parameters within the quoted-string characters RFC 6750 allows', () => {
    const error = new OrganizationTokenError('insufficient_scope', {
      detail: 'missing "quoted" \\ scopé',
      requiredScopes: ['a"b', 'c'],
    });
    const challenge = errorResponse(error).headers['www-authenticate']!;
    assert.equal(challenge, 'Bearer error="insufficient_scope", error_description="The access token lacks a required scope: missing quoted  scop", scope="ab c"');
  });
});
