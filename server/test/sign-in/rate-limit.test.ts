import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildGuildhall } from '../../src/app.ts';
import { createRateLimiter, FLUSH_MS } from '../../src/oidc/rate-limit.ts';
import { given } from '../support/given.ts';
import { startGuildhall } from '../support/guildhall.ts';
import { basic, browser, pkce, REDIRECT_URI, signInThroughPages, tokenRequest } from '../oidc/flow.ts';

// Small limits for this file only (each test file runs in its own process).
// A long window, so that no window boundary falls inside a test.
const limits = {
  GUILDHALL_RATE_LIMIT_WINDOW_SECONDS: '3600',
  GUILDHALL_RATE_LIMIT_SIGN_IN_PER_ACCOUNT: '3',
  GUILDHALL_RATE_LIMIT_SIGN_IN_PER_ACCOUNT_TOTAL: '5',
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

  it('counts failures per account, whether its username or its email names it', async () => {
    // From an address of its own, so that only the account's limit (3) can answer 429, not the IP's (8).
    const attempt = (identifier: string, password: string) =>
      signInThroughPages(gh, { clientId: spa.id, challenge: pkce().challenge, identifier, password }, browser(gh, { remoteAddress: '198.51.100.41' }));
    const email = `${g.unique('both')}@example.com`;
    const user = await g.user({ primaryEmail: email });
    assert.equal((await attempt(user.username, 'wrong password!')).page?.statusCode, 401);
    assert.equal((await attempt(email.toUpperCase(), 'wrong password!')).page?.statusCode, 401);
    assert.equal((await attempt(user.username, 'wrong password!')).page?.statusCode, 401);
    // Three failures in all: the account is locked by either name.
    assert.equal((await attempt(email, 'correct horse battery')).page?.statusCode, 429);
    assert.equal((await attempt(user.username, 'correct horse battery')).page?.statusCode, 429);
  });

  it('does not let failures from elsewhere lock the owner out, up to a total per account', async () => {
    const from = (address: string) => (identifier: string, password: string) =>
      signInThroughPages(gh, { clientId: spa.id, challenge: pkce().challenge, identifier, password }, browser(gh, { remoteAddress: address }));
    const attacker = from('198.51.100.61');
    const owner = from('203.0.113.62');
    const user = await g.user();
    for (let i = 0; i < 3; i++) assert.equal((await attacker(user.username, 'wrong password!')).page?.statusCode, 401);
    assert.equal((await attacker(user.username, 'correct horse battery')).page?.statusCode, 429, 'the guessing address is locked');
    assert.ok((await owner(user.username, 'correct horse battery')).callback, 'the owner, elsewhere, still signs in');
    // Two more failures from a third address make five in all: the account's total.
    const another = from('198.51.100.63');
    for (let i = 0; i < 2; i++) assert.equal((await another(user.username, 'wrong password!')).page?.statusCode, 401);
    assert.equal((await from('198.51.100.64')(user.username, 'correct horse battery')).page?.statusCode, 429, 'locked everywhere past the total');
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

  it('counts token requests of every node together: a node refuses once it has shared its count', async () => {
    // A second node on the same database, with its own process memory (as a second server).
    const second = await buildGuildhall(gh.config, { database: gh.database });
    try {
      const app = await g.m2mApp();
      const request = (node: { app: { inject: typeof gh.inject } }) =>
        node.app.inject({
          method: 'POST',
          url: '/oidc/token',
          headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(app.id, app.secret) },
          payload: new URLSearchParams({ grant_type: 'client_credentials', resource: `${gh.config.endpoint}/api` }).toString(),
        });
      // Waits until the client's shared counter holds `count` (each node flushes within FLUSH_MS).
      const synced = async (count: number) => {
        const deadline = Date.now() + 10_000;
        for (;;) {
          const row = await gh.database.db
            .selectFrom('rateLimitCounters')
            .select('count')
            .where('key', '=', `token:client:${app.id}`)
            .executeTakeFirst();
          if (row?.count === count) return;
          assert.ok(Date.now() < deadline, `shared counter stuck at ${row?.count}, expected ${count}`);
          await new Promise((resolve) => setTimeout(resolve, FLUSH_MS / 2));
        }
      };
      const first = { app: { inject: gh.inject } };
      for (let i = 0; i < 3; i++) assert.equal((await request(first)).statusCode, 200);
      await synced(3);
      // The second node has not counted this client yet: it admits what arrives before its own
      // first flush (here one request), then knows the shared count.
      assert.equal((await request(second)).statusCode, 200);
      await synced(4);
      assert.equal((await request(second)).statusCode, 429, 'the second node sees the first node\'s three requests');
      assert.equal((await request(first)).statusCode, 429);
    } finally {
      await second.close();
    }
  });

  it('shares the counts of many keys at once (more than one statement holds)', async () => {
    const limiter = createRateLimiter(gh.database.db, gh.config.rateLimits);
    const keys = Array.from({ length: 25_000 }, (_, i) => `test:bulk:${i}`); // 75,000 parameters in one statement would be refused
    for (const key of keys) assert.equal(limiter.count([{ key, limit: 1 }]), undefined);
    assert.ok(limiter.count([{ key: keys[0]!, limit: 1 }])! >= 1, 'over the limit within the node at once');
    await limiter.close();
    const rows = await gh.database.db
      .selectFrom('rateLimitCounters')
      .select(['key', 'count'])
      .where('key', 'like', 'test:bulk:%')
      .execute();
    assert.equal(rows.length, keys.length);
    assert.equal(rows.find((row) => row.key === keys[0])!.count, 2);
    assert.ok(rows.every((row) => row.key === keys[0] || row.count === 1));
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
