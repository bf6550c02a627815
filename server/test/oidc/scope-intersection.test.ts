import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { given } from '../support/given.ts';
import { startGuildhall } from '../support/guildhall.ts';
import { decodeJwt, REDIRECT_URI, signInAndExchange, tokenRequest } from './flow.ts';

const gh = await startGuildhall();
const g = given(gh);
const spa = await g.application({ type: 'SPA', oidcClientMetadata: { redirectUris: [REDIRECT_URI], postLogoutRedirectUris: [] } });

// Permissions p0…p3; roles by the permissions they grant.
const perms = await Promise.all([0, 1, 2, 3].map(() => g.organizationScope()));
const names = perms.map((perm) => perm.name as string);
const roleDefs: Record<string, number[]> = { none: [], r01: [0, 1], r12: [1, 2], r3: [3] };
const roles: Record<string, { id: string }> = {};
for (const [key, indexes] of Object.entries(roleDefs)) {
  roles[key] = await g.organizationRole({ organizationScopeIds: indexes.map((i) => perms[i]!.id) });
}

const user = await g.user();
// One organization per combination of roles the user holds there.
const combos: Array<{ label: string; roles: string[] }> = [
  { label: 'no roles', roles: [] },
  { label: 'role without permissions', roles: ['none'] },
  { label: 'r01', roles: ['r01'] },
  { label: 'r01 + r12 (overlapping)', roles: ['r01', 'r12'] },
  { label: 'r12 + r3', roles: ['r12', 'r3'] },
];
const organizations: Array<{ label: string; roles: string[]; id: string }> = [];
for (const combo of combos) {
  const org = await g.organization();
  await g.membership(org.id, user.id, { roleIds: combo.roles.map((key) => roles[key]!.id) });
  organizations.push({ ...combo, id: org.id as string });
}

// p3 is deliberately not requested at sign-in: it can never appear (§4.2 step 4).
const signedInWith = [names[0]!, names[1]!, names[2]!];
const requests: Array<{ label: string; scope?: string[] }> = [
  { label: 'everything from the refresh token' },
  { label: 'p0', scope: [names[0]!] },
  { label: 'p1 p2', scope: [names[1]!, names[2]!] },
];

describe('organization token scope = requested ∩ permissions of the roles in that organization', () => {
  it('holds for every organization × roles × requested scopes', async () => {
    const tokens = await signInAndExchange(gh, {
      clientId: spa.id,
      identifier: user.username,
      scope: `openid offline_access urn:logto:scope:organizations ${signedInWith.join(' ')}`,
    });
    let refreshToken = tokens.refresh_token!;
    for (const org of organizations) {
      const available = new Set(org.roles.flatMap((key) => roleDefs[key]!.map((i) => names[i]!)));
      for (const request of requests) {
        const requested = request.scope ?? signedInWith;
        const expected = requested.filter((name) => available.has(name)).sort();
        const response = await tokenRequest(gh, {
          grant_type: 'refresh_token',
          client_id: spa.id,
          refresh_token: refreshToken,
          organization_id: org.id,
          ...(request.scope ? { scope: request.scope.join(' ') } : {}),
        });
        assert.equal(response.status, 200, `${org.label} / ${request.label}: ${JSON.stringify(response.body)}`);
        refreshToken = response.body.refresh_token;
        const issued = response.body.scope ? String(response.body.scope).split(' ').sort() : [];
        assert.deepEqual(issued, expected, `${org.label} / ${request.label}`);
        const claim = decodeJwt(response.body.access_token).scope;
        assert.deepEqual(claim ? String(claim).split(' ').sort() : [], expected, `${org.label} / ${request.label} (JWT)`);
      }
    }
  });

  it('refuses a scope the refresh token does not hold (invalid_scope) without rotating it', async () => {
    const tokens = await signInAndExchange(gh, {
      clientId: spa.id,
      identifier: user.username,
      scope: `openid offline_access urn:logto:scope:organizations ${names[0]}`,
    });
    const response = await tokenRequest(gh, {
      grant_type: 'refresh_token',
      client_id: spa.id,
      refresh_token: tokens.refresh_token!,
      organization_id: organizations[2]!.id,
      scope: names[3]!,
    });
    assert.equal(response.status, 400);
    assert.equal(response.body.error, 'invalid_scope');
  });
});
