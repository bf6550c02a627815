import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { given } from '../support/given.ts';
import { startGuildhall } from '../support/guildhall.ts';
import { ID_TOKEN_ORGANIZATION_LIMIT } from '../../src/oidc/account.ts';
import { decodeJwt, REDIRECT_URI, signInAndExchange } from './flow.ts';

const gh = await startGuildhall();
const g = given(gh);

describe('organization claims of a user in very many organizations (docs/organization-tokens.md)', () => {
  it(`lists at most ${ID_TOKEN_ORGANIZATION_LIMIT} organizations in the ID token, all of them in userinfo`, async () => {
    const spa = await g.application({ type: 'SPA', oidcClientMetadata: { redirectUris: [REDIRECT_URI], postLogoutRedirectUris: [] } });
    const user = await g.user();
    const total = ID_TOKEN_ORGANIZATION_LIMIT + 20;
    // 120 organizations through the API would dominate the test's time; one statement makes them.
    await sql`
      with created as (
        insert into organizations (id, name, created_at)
        select 'bulk' || i, 'Bulk ' || i, now() from generate_series(1, ${total}) as i
        returning id
      )
      insert into organization_user_relations (organization_id, user_id, joined_at)
      select id, ${user.id}, now() + (substr(id, 5)::int * interval '1 second') from created
    `.execute(gh.context.db);
    const tokens = await signInAndExchange(gh, {
      clientId: spa.id,
      identifier: user.username,
      scope: 'openid offline_access urn:logto:scope:organizations',
    });
    const idToken = decodeJwt(tokens.id_token!);
    assert.equal(idToken.organizations.length, ID_TOKEN_ORGANIZATION_LIMIT);
    assert.equal(idToken.organizations[0], 'bulk1', 'the oldest memberships come first');
    const userinfo = await gh.inject({ method: 'GET', url: '/oidc/me', headers: { authorization: `Bearer ${tokens.access_token}` } });
    assert.equal(userinfo.json().organizations.length, total);
    assert.equal(userinfo.json().organization_data.length, total);
  });
});
