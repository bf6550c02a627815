import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { startGuildhall } from '../support/guildhall.ts';
import { rotateSigningKey } from '../../src/oidc/keys.ts';

const gh = await startGuildhall({ GUILDHALL_KEY_RELOAD_SECONDS: '0.2' });
const issuer = `${gh.config.endpoint}/oidc`;

const freshToken = async () => {
  const response = await gh.inject({
    method: 'POST',
    url: '/oidc/token',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${gh.admin.id}:${gh.admin.secret}`).toString('base64')}`,
    },
    payload: new URLSearchParams({ grant_type: 'client_credentials', resource: `${gh.config.endpoint}/api`, scope: 'all' }).toString(),
  });
  assert.equal(response.statusCode, 200, response.body);
  return response.json().access_token as string;
};
const jwks = async () => (await gh.inject({ method: 'GET', url: '/oidc/jwks' })).json() as { keys: Array<{ kid: string; alg: string; d?: string }> };

describe('signing keys (docs/signing-keys.md)', () => {
  it('signs with EdDSA and publishes only public keys', async () => {
    const token = await freshToken();
    assert.equal(decodeProtectedHeader(token).alg, 'EdDSA');
    const { keys } = await jwks();
    assert.ok(keys.length >= 1);
    for (const key of keys) assert.equal(key.d, undefined, 'no private part in JWKS');
  });

  it('rotates with an overlap: every node switches to the new key, and old tokens keep verifying', async () => {
    const before = await freshToken();
    const oldKid = decodeProtectedHeader(before).kid;
    const { kid: newKid } = await rotateSigningKey(gh.context.db, 3600);
    let after = before;
    for (let i = 0; i < 50 && decodeProtectedHeader(after).kid !== newKid; i++) {
      await sleep(100);
      after = await freshToken();
    }
    assert.equal(decodeProtectedHeader(after).kid, newKid, 'the node picked up the new key');
    const published = (await jwks()).keys.map((key) => key.kid);
    assert.ok(published.includes(oldKid!) && published.includes(newKid), 'both keys are in JWKS during the overlap');
    assert.equal(published[0], newKid, 'the active key comes first');
    const keySet = createLocalJWKSet(await jwks());
    for (const token of [before, after]) {
      await jwtVerify(token, keySet, { issuer, audience: `${gh.config.endpoint}/api` });
      const users = await gh.inject({ method: 'GET', url: '/api/users', headers: { authorization: `Bearer ${token}` } });
      assert.equal(users.statusCode, 200, 'the Management API accepts tokens of both keys');
    }
  });

  it('drops a retired key from JWKS once its overlap is over', async () => {
    const token = await freshToken();
    const kid = decodeProtectedHeader(token).kid!;
    await rotateSigningKey(gh.context.db, 0);
    for (let i = 0; i < 50 && (await jwks()).keys.some((key) => key.kid === kid); i++) await sleep(100);
    assert.ok(!(await jwks()).keys.some((key) => key.kid === kid));
    await assert.rejects(jwtVerify(token, createLocalJWKSet(await jwks()), { issuer }));
  });

  it('makes the Management API refuse a withdrawn key at once, even for a token it had verified before', async () => {
    const token = await freshToken();
    const call = () => gh.inject({ method: 'GET', url: '/api/users', headers: { authorization: `Bearer ${token}` } });
    assert.equal((await call()).statusCode, 200, 'verified (and remembered) while the key is published');
    const kid = decodeProtectedHeader(token).kid!;
    await rotateSigningKey(gh.context.db, 0);
    for (let i = 0; i < 50 && (await jwks()).keys.some((key) => key.kid === kid); i++) await sleep(100);
    const refused = await call();
    assert.equal(refused.statusCode, 401);
    assert.equal(refused.json().code, 'auth.unauthorized');
  });
});
