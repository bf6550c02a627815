import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { given } from '../support/given.ts';
import { startGuildhall } from '../support/guildhall.ts';
import { authorizeUrl, basic, pkce, REDIRECT_URI } from '../oidc/flow.ts';

// The default GUILDHALL_TRUST_PROXY: loopback, link-local and private addresses are proxies.
const gh = await startGuildhall({ GUILDHALL_RATE_LIMIT_WINDOW_SECONDS: '3600', GUILDHALL_RATE_LIMIT_TOKEN_PER_IP: '3' });
const g = given(gh);

const INTERNET_CLIENT = '203.0.113.7';
const PROXY = '10.0.0.2';

/** A token request as it reaches Guildhall from `peer` (the TCP connection's address). */
const tokenRequest = (peer: string, forwardedFor: string) =>
  gh.inject({
    method: 'POST',
    url: '/oidc/token',
    remoteAddress: peer,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-forwarded-for': forwardedFor,
      authorization: basic('nobody', 'nothing'),
    },
    payload: 'grant_type=client_credentials',
  });

describe('X-Forwarded-* and GUILDHALL_TRUST_PROXY', () => {
  it('does not let a client that is not a proxy choose its address: the per-IP limit holds', async () => {
    const statuses = [];
    for (let i = 1; i <= 4; i++) statuses.push((await tokenRequest(INTERNET_CLIENT, `198.51.100.${i}`)).statusCode);
    assert.deepEqual(statuses.map((status) => status === 429), [false, false, false, true], String(statuses));
  });

  it('counts each client behind a trusted proxy on its own, by the address the proxy saw', async () => {
    for (let i = 11; i <= 14; i++) assert.notEqual((await tokenRequest(PROXY, `198.51.100.${i}`)).statusCode, 429);
    // What the client wrote itself (left of the address the proxy appended) changes nothing.
    const statuses = [];
    for (let i = 1; i <= 4; i++) statuses.push((await tokenRequest(PROXY, `192.0.2.${i}, 198.51.100.50`)).statusCode);
    assert.deepEqual(statuses.map((status) => status === 429), [false, false, false, true], String(statuses));
    const limited = await tokenRequest(PROXY, '198.51.100.50');
    assert.equal(limited.json().code, 'request.rate_limited');
  });

  it('counts an IPv6 client by its /64 network, and an IPv4-mapped address as the IPv4 one', async () => {
    // A host picking a new address of its /64 for every request is still one client.
    const statuses = [];
    for (let i = 1; i <= 4; i++) statuses.push((await tokenRequest(`2001:db8:7:7::${i.toString(16)}`, '198.51.100.1')).statusCode);
    assert.deepEqual(statuses.map((status) => status === 429), [false, false, false, true], String(statuses));
    assert.equal((await tokenRequest('2001:0db8:0007:0007:ffff:0:0:1', '198.51.100.1')).statusCode, 429, 'the same /64, written out');
    assert.notEqual((await tokenRequest('2001:db8:7:8::1', '198.51.100.1')).statusCode, 429, 'the next /64 is another client');
    // Through a proxy, the forwarded address is counted the same way.
    const viaProxy = [];
    for (let i = 1; i <= 4; i++) viaProxy.push((await tokenRequest(PROXY, i % 2 ? '198.51.100.99' : '::ffff:198.51.100.99')).statusCode);
    assert.deepEqual(viaProxy.map((status) => status === 429), [false, false, false, true], String(viaProxy));
  });

  it('records in the audit log the address it trusts', async () => {
    const token = await gh.managementToken();
    const create = async (peer: string) => {
      const response = await gh.inject({
        method: 'POST',
        url: '/api/organizations',
        remoteAddress: peer,
        headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': '198.51.100.77' },
        payload: { name: g.unique('forwarded') },
      });
      assert.equal(response.statusCode, 201, response.body);
      const log = await gh.api('GET', `/api/organizations/${response.json().id}/audit-logs`);
      return log.body[0].ip;
    };
    assert.equal(await create(INTERNET_CLIENT), INTERNET_CLIENT);
    assert.equal(await create(PROXY), '198.51.100.77');
  });

  it('gives oidc-provider the same view: X-Forwarded-Proto makes its cookies Secure only from a proxy', async () => {
    const spa = await g.application({ type: 'SPA', oidcClientMetadata: { redirectUris: [REDIRECT_URI], postLogoutRedirectUris: [] } });
    const authorize = async (peer: string) => {
      const response = await gh.inject({
        method: 'GET',
        url: authorizeUrl({ clientId: spa.id, challenge: pkce().challenge }),
        remoteAddress: peer,
        headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.88' },
      });
      assert.equal(response.statusCode, 303, response.body);
      const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
      assert.ok(cookies.length > 0, 'the interaction cookies are set');
      return cookies.map((cookie) => /;\s*secure/i.test(cookie));
    };
    assert.ok((await authorize(INTERNET_CLIENT)).every((secure) => !secure), 'a direct client cannot claim https');
    assert.ok((await authorize(PROXY)).every((secure) => secure), 'the proxy terminated TLS');
  });
});

describe('an https endpoint reached over plain http', () => {
  it('warns once, naming the peer and GUILDHALL_TRUST_PROXY, when no trusted proxy said https', async () => {
    const secure = await startGuildhall({ GUILDHALL_ENDPOINT: 'https://id.example.com' });
    try {
      const warnings: unknown[][] = [];
      secure.app.log.warn = ((...args: unknown[]) => void warnings.push(args)) as typeof secure.app.log.warn;
      const discovery = (peer: string, proto?: string) =>
        secure.inject({
          method: 'GET',
          url: '/oidc/.well-known/openid-configuration',
          remoteAddress: peer,
          headers: proto ? { 'x-forwarded-proto': proto } : {},
        });
      // A proxy that says https: nothing to say.
      assert.equal((await discovery(PROXY, 'https')).statusCode, 200);
      assert.equal(warnings.length, 0);
      // A client from the internet claiming https is not believed.
      assert.equal((await discovery(INTERNET_CLIENT, 'https')).statusCode, 200);
      assert.equal(warnings.length, 1);
      const [fields, message] = warnings[0] as [{ peer: string }, string];
      assert.equal(fields.peer, INTERNET_CLIENT);
      assert.match(message, /GUILDHALL_TRUST_PROXY/);
      await discovery(INTERNET_CLIENT);
      assert.equal(warnings.length, 1, 'once per process');
    } finally {
      await secure.close();
    }
  });
});
