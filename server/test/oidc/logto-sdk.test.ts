import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import LogtoClient, { UserScope } from '@logto/node';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { given } from '../support/given.ts';
import { startGuildhall } from '../support/guildhall.ts';
import { CookieJar, PASSWORD, REDIRECT_URI } from './flow.ts';

const gh = await startGuildhall();
const g = given(gh);
await gh.app.listen({ host: '127.0.0.1', port: 0 });
const base = `http://127.0.0.1:${(gh.app.server.address() as AddressInfo).port}`;

/** A browser with cookies, driving the hosted pages over real HTTP until the app's redirect URI. */
async function browse(startUrl: string, identifier: string): Promise<string> {
  const jar = new CookieJar();
  const go = async (url: string, form?: Record<string, string>) => {
    const response = await fetch(new URL(url, base), {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: jar.header(), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    jar.store({ headers: { 'set-cookie': response.headers.getSetCookie() } });
    return response;
  };
  let response = await go(startUrl);
  for (let hops = 0; hops < 15; hops++) {
    const location = response.headers.get('location');
    if (location) {
      const next = new URL(location, base);
      if (next.href.startsWith(REDIRECT_URI)) return next.href;
      response = await go(next.pathname + next.search);
      continue;
    }
    const html = await response.text();
    const login = html.match(/action="(\/sign-in\/[^"]+\/login)"/);
    assert.ok(login, `unexpected page ${response.status}: ${html.slice(-300)}`);
    response = await go(login[1]!, { identifier, password: PASSWORD });
  }
  throw new Error('the flow did not return to the application');
}

describe('the official Logto SDK (@logto/node) against Guildhall', () => {
  it('signs in through the hosted pages and gets organization tokens with getOrganizationToken()', async () => {
    const permission = await g.organizationScope();
    const role = await g.organizationRole({ organizationScopeIds: [permission.id] });
    const user = await g.user();
    const org = await g.organization();
    await g.membership(org.id, user.id, { roleIds: [role.id] });
    const app = await g.application({
      type: 'Traditional',
      oidcClientMetadata: { redirectUris: [REDIRECT_URI], postLogoutRedirectUris: [] },
    });

    const store = new Map<string, string>();
    let navigatedTo = '';
    const client = new LogtoClient(
      {
        endpoint: base,
        appId: app.id,
        appSecret: app.secret,
        scopes: [UserScope.Email, UserScope.Organizations, UserScope.OrganizationRoles, permission.name],
      },
      {
        navigate: (url: string) => {
          navigatedTo = url;
        },
        storage: {
          getItem: async (key: string) => store.get(key) ?? null,
          setItem: async (key: string, value: string) => void store.set(key, value),
          removeItem: async (key: string) => void store.delete(key),
        },
      },
    );

    await client.signIn(REDIRECT_URI);
    assert.ok(navigatedTo.startsWith(`${base}/oidc/auth?`), navigatedTo);
    const callback = await browse(navigatedTo, user.username);
    await client.handleSignInCallback(callback);
    assert.equal(await client.isAuthenticated(), true);

    const claims = await client.getIdTokenClaims();
    assert.equal(claims.sub, user.id);
    assert.deepEqual(claims.organizations, [org.id]);
    assert.deepEqual(claims.organization_roles, [`${org.id}:${role.name}`]);

    const token = await client.getOrganizationToken(org.id);
    const jwks = createLocalJWKSet((await (await fetch(`${base}/oidc/jwks`)).json()) as { keys: [] });
    const { payload } = await jwtVerify(token, jwks, { audience: `urn:logto:organization:${org.id}` });
    assert.equal(payload.sub, user.id);
    assert.equal(payload.scope, permission.name);
    const orgClaims = await client.getOrganizationTokenClaims(org.id);
    assert.equal(orgClaims.aud, `urn:logto:organization:${org.id}`);

    const stranger = await g.organization();
    await assert.rejects(client.getOrganizationToken(stranger.id));
  });
});
