import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { base64url, SignJWT } from 'jose';
import {
  createOrganizationTokenVerifier,
  OrganizationTokenError,
  verifyOrganizationToken,
  type OrganizationTokenErrorCode,
} from '../src/index.ts';
import { startIssuer, type TestIssuer } from './support/issuer.ts';

const api = 'https://api.example.com';

async function rejects(promise: Promise<unknown>, code: OrganizationTokenErrorCode, status: number) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof OrganizationTokenError, `expected OrganizationTokenError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.status, status);
    return true;
  });
}

describe('createOrganizationTokenVerifier', () => {
  let idp: TestIssuer;
  let verifier: ReturnType<typeof createOrganizationTokenVerifier>;

  before(async () => {
    idp = await startIssuer();
    verifier = createOrganizationTokenVerifier({ issuer: idp.issuer, apiIndicators: [api] });
  });
  after(() => idp.close());

  describe('accepts', () => {
    it('a pure organization token and returns the caller', async () => {
      const token = await idp.sign({ scope: 'invite:users remove:users' });
      const auth = await verifier.verify(token, { organizationId: 'org_1', scopes: ['invite:users'] });
      assert.equal(auth.subject, 'user_1');
      assert.equal(auth.clientId, 'app_1');
      assert.equal(auth.organizationId, 'org_1');
      assert.deepEqual(auth.scopes, ['invite:users', 'remove:users']);
      assert.equal(auth.isApplication, false);
      assert.equal(auth.claims['aud'], 'urn:logto:organization:org_1');
    });

    it('a machine-to-machine token, flagged by sub === client_id', async () => {
      const auth = await verifier.verify(await idp.sign({ sub: 'app_m2m', client_id: 'app_m2m' }));
      assert.equal(auth.isApplication, true);
      assert.equal(auth.subject, 'app_m2m');
    });

    it('an API-indicator token carrying organization_id', async () => {
      const token = await idp.sign({ aud: api, organization_id: 'org_2', scope: 'read:reports' });
      const auth = await verifier.verify(token, { organizationId: 'org_2', scopes: ['read:reports'] });
      assert.equal(auth.organizationId, 'org_2');
    });

    it('an audience array containing the organization URN', async () => {
      const token = await idp.sign({ aud: ['https://other.example.com', 'urn:logto:organization:org_1'] });
      assert.equal((await verifier.verify(token)).organizationId, 'org_1');
    });

    it('a token without scope claim when no scope is required', async () => {
      const auth = await verifier.verify(await idp.sign({ scope: undefined }), { organizationId: 'org_1' });
      assert.deepEqual(auth.scopes, []);
    });

    it('a token expired by less than the clock tolerance', async () => {
      const now = Math.floor(Date.now() / 1000);
      await verifier.verify(await idp.sign({ iat: now - 3600, exp: now - 2 }));
    });

    it('a scope requirement given as one string', async () => {
      await verifier.verify(await idp.sign(), { scopes: 'invite:users' });
      await rejects(verifier.verify(await idp.sign(), { scopes: 'invite' }), 'insufficient_scope', 403);
    });
  });

  describe('rejects with 401', () => {
    it('a missing or empty token', async () => {
      await rejects(verifier.verify(undefined), 'missing_token', 401);
      await rejects(verifier.verify(''), 'missing_token', 401);
    });

    it('a string that is not a JWS', async () => {
      await rejects(verifier.verify('not-a-token'), 'malformed_token', 401);
      await rejects(verifier.verify('a.b.c'), 'malformed_token', 401);
    });

    it('a token signed by a key the issuer does not publish, under a published kid', async () => {
      const published = await idp.createKey({ publish: false, kid: 'key-1' });
      await rejects(verifier.verify(await idp.sign({}, { key: published })), 'invalid_signature', 401);
    });

    it('a token whose payload was altered after signing', async () => {
      const [header, , signature] = (await idp.sign({ scope: 'invite:users' })).split('.');
      const forged = base64url.encode(JSON.stringify({
        iss: idp.issuer, sub: 'user_1', client_id: 'app_1', aud: 'urn:logto:organization:org_1',
        scope: 'invite:users remove:users', exp: Math.floor(Date.now() / 1000) + 60,
      }));
      await rejects(verifier.verify(`${header}.${forged}.${signature}`), 'invalid_signature', 401);
    });

    it('a token from another issuer', async () => {
      await rejects(verifier.verify(await idp.sign({ iss: 'https://evil.example.com/oidc' })), 'invalid_issuer', 401);
      await rejects(verifier.verify(await idp.sign({ iss: undefined })), 'invalid_issuer', 401);
    });

    it('an expired token', async () => {
      const now = Math.floor(Date.now() / 1000);
      await rejects(verifier.verify(await idp.sign({ iat: now - 3600, exp: now - 60 })), 'token_expired', 401);
    });

    it('a token not valid yet', async () => {
      const now = Math.floor(Date.now() / 1000);
      await rejects(verifier.verify(await idp.sign({ nbf: now + 60 })), 'token_not_yet_valid', 401);
    });

    it('a token without exp, sub or client_id', async () => {
      await rejects(verifier.verify(await idp.sign({ exp: undefined })), 'invalid_claims', 401);
      await rejects(verifier.verify(await idp.sign({ sub: undefined })), 'invalid_claims', 401);
      await rejects(verifier.verify(await idp.sign({ client_id: undefined })), 'invalid_claims', 401);
      await rejects(verifier.verify(await idp.sign({ scope: ['invite:users'] })), 'invalid_claims', 401);
    });

    it('a token that is not a JWT access token (RFC 9068 typ), unless the check is disabled', async () => {
      const idToken = await idp.sign({}, { header: { typ: 'JWT' } });
      await rejects(verifier.verify(idToken), 'invalid_token_type', 401);
      await rejects(verifier.verify(await idp.sign({}, { header: { typ: undefined } })), 'invalid_token_type', 401);
      assert.equal((await verifier.verify(await idp.sign({}, { header: { typ: 'application/at+jwt' } }))).subject, 'user_1');
      const lenient = createOrganizationTokenVerifier({ issuer: idp.issuer, requireAccessTokenType: false });
      assert.equal((await lenient.verify(idToken)).subject, 'user_1');
    });

    it('a token for an audience that is neither an organization nor a configured API', async () => {
      await rejects(verifier.verify(await idp.sign({ aud: 'https://other.example.com' })), 'invalid_audience', 401);
      await rejects(verifier.verify(await idp.sign({ aud: 'app_1' })), 'invalid_audience', 401);
      await rejects(verifier.verify(await idp.sign({ aud: 'urn:logto:organization:' })), 'invalid_audience', 401);
      await rejects(verifier.verify(await idp.sign({ aud: undefined })), 'invalid_claims', 401);
    });

    it('an API-indicator token when the verifier was not given that API', async () => {
      const orgOnly = createOrganizationTokenVerifier({ issuer: idp.issuer });
      const token = await idp.sign({ aud: api, organization_id: 'org_1' });
      await rejects(orgOnly.verify(token), 'invalid_audience', 401);
    });

    it('a token naming two organizations, or contradicting itself', async () => {
      const two = await idp.sign({ aud: ['urn:logto:organization:org_1', 'urn:logto:organization:org_2'] });
      await rejects(verifier.verify(two), 'invalid_audience', 401);
      const contradicting = await idp.sign({ organization_id: 'org_2' });
      await rejects(verifier.verify(contradicting), 'invalid_claims', 401);
    });

    it('an unsecured token (alg none)', async () => {
      const encode = (value: object) => base64url.encode(JSON.stringify(value));
      const now = Math.floor(Date.now() / 1000);
      const payload = { iss: idp.issuer, sub: 'user_1', client_id: 'app_1', aud: 'urn:logto:organization:org_1', scope: 'invite:users', exp: now + 60 };
      await rejects(verifier.verify(`${encode({ alg: 'none' })}.${encode(payload)}.`), 'unsupported_algorithm', 401);
      await rejects(verifier.verify(`${encode({ alg: 'none', kid: 'key-1' })}.${encode(payload)}.`), 'unsupported_algorithm', 401);
    });

    it('an HMAC token, even one keyed with a published public key', async () => {
      const secret = new TextEncoder().encode(JSON.stringify(idp.discovery));
      const token = await new SignJWT({ sub: 'user_1', client_id: 'app_1', aud: 'urn:logto:organization:org_1' })
        .setProtectedHeader({ alg: 'HS256', kid: 'key-1' }).setIssuer(idp.issuer).setExpirationTime('1h').sign(secret);
      await rejects(verifier.verify(token), 'unsupported_algorithm', 401);
    });

    it('an asymmetric algorithm outside the configured allow-list', async () => {
      const rsa = await idp.createKey({ alg: 'RS256' });
      const esOnly = createOrganizationTokenVerifier({ issuer: idp.issuer, algorithms: ['ES256'] });
      const token = await idp.sign({}, { key: rsa });
      await rejects(esOnly.verify(token), 'unsupported_algorithm', 401);
      const anyAsymmetric = createOrganizationTokenVerifier({ issuer: idp.issuer });
      assert.equal((await anyAsymmetric.verify(token)).subject, 'user_1');
    });
  });

  describe('rejects with 403', () => {
    it('a token of another organization', async () => {
      await rejects(verifier.verify(await idp.sign(), { organizationId: 'org_2' }), 'organization_mismatch', 403);
      const apiToken = await idp.sign({ aud: api, organization_id: 'org_1' });
      await rejects(verifier.verify(apiToken, { organizationId: 'org_2' }), 'organization_mismatch', 403);
    });

    it('an API-indicator token without organization_id', async () => {
      await rejects(verifier.verify(await idp.sign({ aud: api })), 'missing_organization', 403);
    });

    it('a token missing a required scope, naming what is missing', async () => {
      const token = await idp.sign({ scope: 'invite:users' });
      await assert.rejects(verifier.verify(token, { scopes: ['invite:users', 'remove:users'] }), (error: unknown) => {
        assert.ok(error instanceof OrganizationTokenError);
        assert.equal(error.code, 'insufficient_scope');
        assert.equal(error.status, 403);
        assert.match(error.message, /missing remove:users$/);
        assert.deepEqual(error.requiredScopes, ['invite:users', 'remove:users']);
        return true;
      });
      await rejects(verifier.verify(await idp.sign({ scope: '' }), { scopes: ['invite:users'] }), 'insufficient_scope', 403);
      // Scopes are case-sensitive strings (RFC 6749 §3.3), never prefixes.
      await rejects(verifier.verify(await idp.sign({ scope: 'invite:users:all Invite:users' }), { scopes: ['invite:users'] }), 'insufficient_scope', 403);
    });
  });
});

describe('key discovery and caching', () => {
  it('fetches discovery and JWKS once, then serves verifications from the cache', async () => {
    const idp = await startIssuer();
    try {
      const verifier = createOrganizationTokenVerifier({ issuer: idp.issuer });
      const token = await idp.sign();
      await Promise.all(Array.from({ length: 20 }, () => verifier.verify(token)));
      await verifier.verify(token);
      assert.deepEqual(idp.requests, { discovery: 1, jwks: 1 });
    } finally {
      await idp.close();
    }
  });

  it('reloads the JWKS when a token names an unknown kid (key rotation)', async () => {
    const idp = await startIssuer();
    try {
      const verifier = createOrganizationTokenVerifier({ issuer: idp.issuer, jwksCooldownMs: 0 });
      await verifier.verify(await idp.sign());
      const rotated = await idp.createKey({ alg: 'ES384' });
      const auth = await verifier.verify(await idp.sign({ sub: 'user_2' }, { key: rotated }));
      assert.equal(auth.subject, 'user_2');
      assert.deepEqual(idp.requests, { discovery: 1, jwks: 2 });
    } finally {
      await idp.close();
    }
  });

  it('stops accepting a withdrawn key once a rotation reloaded the JWKS', async () => {
    const idp = await startIssuer();
    try {
      const verifier = createOrganizationTokenVerifier({ issuer: idp.issuer, jwksCooldownMs: 0 });
      const oldToken = await idp.sign();
      await verifier.verify(oldToken);
      await verifier.verify(oldToken); // served from the remembered key
      const next = await idp.createKey();
      idp.withdraw(idp.defaultKey);
      const newToken = await idp.sign({}, { key: next });
      await verifier.verify(newToken); // unknown kid: reload
      await verifier.verify(newToken); // remembered from the reloaded set
      assert.equal(idp.requests.jwks, 2);
      await rejects(verifier.verify(oldToken), 'unknown_key', 401);
    } finally {
      await idp.close();
    }
  });

  it('does not refetch the JWKS for unknown kids during the cooldown', async () => {
    const idp = await startIssuer();
    try {
      const verifier = createOrganizationTokenVerifier({ issuer: idp.issuer, jwksCooldownMs: 60_000 });
      await verifier.verify(await idp.sign());
      const unpublished = await idp.createKey({ publish: false });
      for (let i = 0; i < 3; i++) await rejects(verifier.verify(await idp.sign({}, { key: unpublished })), 'unknown_key', 401);
      assert.equal(idp.requests.jwks, 1);
    } finally {
      await idp.close();
    }
  });

  it('uses jwksUri directly when given, skipping discovery', async () => {
    const idp = await startIssuer();
    try {
      const verifier = createOrganizationTokenVerifier({ issuer: idp.issuer, jwksUri: idp.jwksUri });
      await verifier.verify(await idp.sign());
      assert.deepEqual(idp.requests, { discovery: 0, jwks: 1 });
    } finally {
      await idp.close();
    }
  });

  it('fails with 503 issuer_unavailable when discovery names another issuer', async () => {
    const idp = await startIssuer();
    try {
      idp.discovery = { ...idp.discovery, issuer: 'https://evil.example.com/oidc' };
      const verifier = createOrganizationTokenVerifier({ issuer: idp.issuer, jwksCooldownMs: 0 });
      await rejects(verifier.verify(await idp.sign()), 'issuer_unavailable', 503);
      assert.equal(idp.requests.jwks, 0);
    } finally {
      await idp.close();
    }
  });

  it('fails with 503 when the issuer is unreachable, and recovers once it is back', async () => {
    const idp = await startIssuer();
    const token = await idp.sign();
    const goodDiscovery = idp.discovery;
    idp.discovery = { issuer: idp.issuer }; // no jwks_uri: a broken deployment
    const verifier = createOrganizationTokenVerifier({ issuer: idp.issuer, jwksCooldownMs: 0 });
    try {
      await rejects(verifier.verify(token), 'issuer_unavailable', 503);
      idp.discovery = goodDiscovery;
      await new Promise((resolve) => setTimeout(resolve, 5));
      assert.equal((await verifier.verify(token)).subject, 'user_1');
    } finally {
      await idp.close();
    }
    const down = createOrganizationTokenVerifier({ issuer: idp.issuer, timeoutMs: 500 });
    await rejects(down.verify(token), 'issuer_unavailable', 503);
  });
});

describe('options are validated at creation', () => {
  const invalid: Array<[string, Record<string, unknown>, RegExp]> = [
    ['a missing issuer', {}, /options\.issuer must be an absolute URL/],
    ['a relative issuer', { issuer: '/oidc' }, /options\.issuer/],
    ['plain http on a public host', { issuer: 'http://auth.example.com/oidc' }, /options\.issuer must use https/],
    ['an issuer with a query', { issuer: 'https://auth.example.com/oidc?x=1' }, /options\.issuer must not have a query/],
    ['alg none', { issuer: 'https://a.example.com', algorithms: ['none'] }, /options\.algorithms may only contain/],
    ['HS256', { issuer: 'https://a.example.com', algorithms: ['HS256'] }, /options\.algorithms may only contain/],
    ['no algorithms', { issuer: 'https://a.example.com', algorithms: [] }, /options\.algorithms must be a non-empty array/],
    ['a huge clock tolerance', { issuer: 'https://a.example.com', clockToleranceSeconds: 3600 }, /options\.clockToleranceSeconds/],
    ['a negative cooldown', { issuer: 'https://a.example.com', jwksCooldownMs: -1 }, /options\.jwksCooldownMs/],
    ['a relative API indicator', { issuer: 'https://a.example.com', apiIndicators: ['api'] }, /options\.apiIndicators/],
    ['an organization URN as API indicator', { issuer: 'https://a.example.com', apiIndicators: ['urn:logto:organization:x'] }, /options\.apiIndicators/],
    ['a non-boolean requireAccessTokenType', { issuer: 'https://a.example.com', requireAccessTokenType: 'yes' }, /options\.requireAccessTokenType/],
    ['an insecure jwksUri', { issuer: 'https://a.example.com', jwksUri: 'http://keys.example.com' }, /options\.jwksUri must use https/],
  ];
  for (const [name, options, message] of invalid) {
    it(`rejects ${name}`, () => {
      assert.throws(() => createOrganizationTokenVerifier(options as never), (error: unknown) => {
        assert.ok(error instanceof TypeError);
        assert.match(error.message, message);
        return true;
      });
    });
  }

  it('allows http on loopback, and elsewhere only with allowInsecureHttp', () => {
    createOrganizationTokenVerifier({ issuer: 'http://localhost:3000/oidc' });
    createOrganizationTokenVerifier({ issuer: 'http://auth.internal/oidc', allowInsecureHttp: true });
  });
});

describe('verifyOrganizationToken', () => {
  it('verifies in one call and reuses the verifier for the same options', async () => {
    const idp = await startIssuer();
    try {
      const options = { issuer: idp.issuer, organizationId: 'org_1', scopes: ['invite:users'] };
      const first = await verifyOrganizationToken(await idp.sign(), options);
      const second = await verifyOrganizationToken(await idp.sign({ sub: 'user_2' }), { ...options, organizationId: undefined });
      assert.equal(first.subject, 'user_1');
      assert.equal(second.subject, 'user_2');
      assert.deepEqual(idp.requests, { discovery: 1, jwks: 1 });
      await rejects(verifyOrganizationToken(await idp.sign(), { ...options, organizationId: 'org_2' }), 'organization_mismatch', 403);
    } finally {
      await idp.close();
    }
  });
});
