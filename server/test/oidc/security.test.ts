import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { given } from '../support/given.ts';
import { startGuildhall } from '../support/guildhall.ts';
import { authorizeUrl, browser, pkce, REDIRECT_URI, signInAndExchange, signInThroughPages, tokenRequest } from './flow.ts';
import { installedOidcProvider, PINNED_OIDC_PROVIDER_VERSION } from '../../src/oidc/grants/organization-params.ts';

const gh = await startGuildhall();
const g = given(gh);
const spa = await g.application({ type: 'SPA', oidcClientMetadata: { redirectUris: [REDIRECT_URI], postLogoutRedirectUris: [] } });
const user = await g.user();

async function code(challenge: string) {
  const { callback } = await signInThroughPages(gh, { clientId: spa.id, challenge, identifier: user.username });
  const value = callback?.searchParams.get('code');
  assert.ok(value, 'the sign-in returned a code');
  return value;
}
const exchange = (codeValue: string, verifier: string, redirectUri = REDIRECT_URI) =>
  tokenRequest(gh, { grant_type: 'authorization_code', client_id: spa.id, code: codeValue, code_verifier: verifier, redirect_uri: redirectUri });

describe('authorization code security', () => {
  it('refuses a replayed code (and revokes what the first exchange issued)', async () => {
    const { verifier, challenge } = pkce();
    const value = await code(challenge);
    const first = await exchange(value, verifier);
    assert.equal(first.status, 200);
    const replay = await exchange(value, verifier);
    assert.equal(replay.status, 400);
    assert.equal(replay.body.error, 'invalid_grant');
    const refresh = await tokenRequest(gh, { grant_type: 'refresh_token', client_id: spa.id, refresh_token: first.body.refresh_token });
    assert.equal(refresh.body.error, 'invalid_grant', 'RFC 6749 §4.1.2: tokens from a replayed code are revoked');
  });

  it('refuses a PKCE verifier that does not match', async () => {
    const { challenge } = pkce();
    const response = await exchange(await code(challenge), pkce().verifier);
    assert.equal(response.status, 400);
    assert.equal(response.body.error, 'invalid_grant');
  });

  it('requires PKCE from public clients', async () => {
    const session = browser(gh);
    const response = await session.follow(await session.request('GET', authorizeUrl({ clientId: spa.id })));
    const error = response instanceof URL ? response.searchParams.get('error') : undefined;
    assert.equal(error, 'invalid_request');
  });

  it('refuses a redirect URI that was not registered, at authorization and at the token endpoint', async () => {
    const session = browser(gh);
    const page = await session.request(
      'GET',
      authorizeUrl({ clientId: spa.id, challenge: pkce().challenge, redirectUri: 'http://evil.example/callback' }),
    );
    assert.equal(page.statusCode, 400);
    assert.doesNotMatch(String(page.headers.location ?? ''), /evil/);
    const { verifier, challenge } = pkce();
    const mismatch = await exchange(await code(challenge), verifier, 'http://app.example/other');
    assert.equal(mismatch.status, 400);
    assert.equal(mismatch.body.error, 'invalid_grant');
  });
});

describe('refresh token security', () => {
  it('rotates refresh tokens; reusing a rotated one fails and revokes the grant', async () => {
    const tokens = await signInAndExchange(gh, { clientId: spa.id, identifier: user.username });
    const first = await tokenRequest(gh, { grant_type: 'refresh_token', client_id: spa.id, refresh_token: tokens.refresh_token! });
    assert.equal(first.status, 200);
    assert.notEqual(first.body.refresh_token, tokens.refresh_token);
    const reuse = await tokenRequest(gh, { grant_type: 'refresh_token', client_id: spa.id, refresh_token: tokens.refresh_token! });
    assert.equal(reuse.status, 400);
    assert.equal(reuse.body.error, 'invalid_grant');
    const successor = await tokenRequest(gh, { grant_type: 'refresh_token', client_id: spa.id, refresh_token: first.body.refresh_token });
    assert.equal(successor.body.error, 'invalid_grant', 'the whole grant is revoked after reuse');
  });

  it('refuses a refresh token presented by another client', async () => {
    const other = await g.application({ type: 'SPA', oidcClientMetadata: { redirectUris: [REDIRECT_URI], postLogoutRedirectUris: [] } });
    const tokens = await signInAndExchange(gh, { clientId: spa.id, identifier: user.username });
    const response = await tokenRequest(gh, { grant_type: 'refresh_token', client_id: other.id, refresh_token: tokens.refresh_token! });
    assert.equal(response.status, 400);
    assert.equal(response.body.error, 'invalid_grant');
  });

  it('revokes a refresh token, and introspection tells it is no longer active', async () => {
    const app = await g.application({
      type: 'Traditional',
      oidcClientMetadata: { redirectUris: [REDIRECT_URI], postLogoutRedirectUris: [] },
    });
    const { verifier, challenge } = pkce();
    const { callback } = await signInThroughPages(gh, { clientId: app.id, challenge, identifier: user.username });
    const auth = { authorization: `Basic ${Buffer.from(`${app.id}:${app.secret}`).toString('base64')}` };
    const tokens = await tokenRequest(
      gh,
      { grant_type: 'authorization_code', code: callback!.searchParams.get('code')!, code_verifier: verifier, redirect_uri: REDIRECT_URI },
      auth,
    );
    assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
    const introspect = () =>
      gh.inject({
        method: 'POST',
        url: '/oidc/token/introspection',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...auth },
        payload: new URLSearchParams({ token: tokens.body.refresh_token }).toString(),
      });
    assert.equal((await introspect()).json().active, true);
    const revoke = await gh.inject({
      method: 'POST',
      url: '/oidc/token/revocation',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...auth },
      payload: new URLSearchParams({ token: tokens.body.refresh_token }).toString(),
    });
    assert.equal(revoke.statusCode, 200);
    assert.equal((await introspect()).json().active, false);
  });
});

describe('the organization_id workaround (grants/organization-params.ts)', () => {
  it(`runs on exactly oidc-provider ${PINNED_OIDC_PROVIDER_VERSION}, with the built-in grants it calls unchanged`, () => {
    const installed = installedOidcProvider();
    assert.equal(
      installed.version,
      PINNED_OIDC_PROVIDER_VERSION,
      'oidc-provider was upgraded: re-check grants/organization-params.ts against its new internals, then update the pin',
    );
    assert.deepEqual(installed.parameters, {
      authorization_code: ['code', 'code_verifier', 'redirect_uri'],
      refresh_token: ['refresh_token', 'scope'],
      client_credentials: ['scope'],
    });
    for (const helper of ['validateGrant', 'buildTokenResponse', 'resolveRequestedResources', 'validateClientScope', 'validateDpop']) {
      assert.ok(installed.helpers.includes(helper), `oidc-provider no longer has the grant helper ${helper}`);
    }
  });

  it('keeps organization_id on the token endpoint (an upgrade that drops it fails here)', async () => {
    const app = await g.m2mApp();
    const response = await tokenRequest(
      gh,
      { grant_type: 'client_credentials', organization_id: 'not-a-member-org' },
      { authorization: `Basic ${Buffer.from(`${app.id}:${app.secret}`).toString('base64')}` },
    );
    // Were the parameter dropped, this would be 400 invalid_target (neither resource nor organization).
    assert.equal(response.status, 403, JSON.stringify(response.body));
    assert.equal(response.body.error, 'access_denied');
  });
});
