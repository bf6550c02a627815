import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { given } from '../support/given.ts';
import { startGuildhall } from '../support/guildhall.ts';
import { basic, pkce, REDIRECT_URI, signInThroughPages, tokenRequest } from '../oidc/flow.ts';

// Small limits for this file only (each test file runs in its own process).
// A long window, so that no window boundary falls inside a test.
const limits = {
  GUILDHALL_RATE_LIMIT_WINDOW_SECONDS: '3600',
  GUILDHALL_RATE_LIMIT_SIGN_IN_PER_ACCOUNT: '3',
  GUILDHALL_RATE_LIMIT_SIGN_IN_PER_IP: '8',
  GUILDHALL_RATE_LIMIT_TOKEN_PER_CLIENT: '3',
  GUILDHALL_RATE_LIMIT_TOKEN_PER_IP: '30',
};

const gh = await startGuildhall(limits);
const g = given(gh);
const spa = await g.application({ type: 'SPA', oidcClientMetadata: { redirectUris: [REDIRECT_URI], postLogoutRedirectUris: [] } });

const attempt = (identifier: string, password: string) =>
  signInThroughPages(gh, { clientId: spa.id, challenge: pkce().challenge, identifier, password });

describe('rate limits (stored in PostgreSQL, shared by every node)', () => {
  it('locks an account after repeated failed sign-ins with 429 request.rate_limited, even with the right password', async () => {
    const user = await g.user();
    for (let i = 0; i < 3; i++) assert.equal((await attempt(user.username, 'wrong password!')).page?.statusCode, 401);
    const { page } = await attempt(user.username, 'correct horse battery');
    assert.equal(page?.statusCode, 429);
    assert.match(page!.body, /request\.rate_limited/);
    assert.ok(Number(page!.headers['retry-after']) >= 1);
    // Another account from the same IP is still fine.
    const other = await g.user();
    assert.ok((await attempt(other.username, 'correct horse battery')).callback);
  });

  it('limits sign-in attempts per client IP', async () => {
    let limited;
    for (let i = 0; i < 8 && !limited; i++) {
      const { page } = await attempt(`nobody${i}`, 'wrong password!');
      if (page?.statusCode === 429) limited = page;
    }
    assert.ok(limited, 'the IP was limited');
  });

  it('limits the token endpoint per client with a JSON rate_limited error and Retry-After', async () => {
    const app = await g.m2mApp();
    const request = () =>
      tokenRequest(gh, { grant_type: 'client_credentials', resource: `${gh.config.endpoint}/api` }, { authorization: basic(app.id, app.secret) });
    for (let i = 0; i < 3; i++) assert.equal((await request()).status, 200);
    const limited = await request();
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error, 'rate_limited');
    assert.ok(Number(limited.headers['retry-after']) >= 1);
  });

  it('limits the token endpoint per client IP', async () => {
    let limited;
    for (let i = 0; i < 40 && !limited; i++) {
      const response = await tokenRequest(gh, { grant_type: 'client_credentials' }, { authorization: basic('nobody', 'nothing') });
      if (response.status === 429) limited = response;
    }
    assert.ok(limited, 'the IP was limited');
    assert.equal(limited.body.code, 'request.rate_limited');
  });
});
