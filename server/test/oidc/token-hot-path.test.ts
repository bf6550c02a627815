import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { declaredStatement, run, statement } from '../../src/oidc/statements.ts';
import { given } from '../support/given.ts';
import { startGuildhall } from '../support/guildhall.ts';
import { decodeJwt, REDIRECT_URI, signInAndExchange, tokenRequest } from './flow.ts';

const ORGS = 'urn:logto:scope:organizations';
const ORG_ROLES = 'urn:logto:scope:organization_roles';
const ORGS_RESOURCE = 'urn:logto:resource:organizations';

const gh = await startGuildhall();
const g = given(gh);
const { db, dbKind } = gh.context;
const onPostgres = dbKind === 'postgres';

const probe = statement('test_probe', 'select $1::text as probe_value');

describe('prepared statements (oidc/statements.ts)', () => {
  it('runs a statement with camelCase keys on either database', async () => {
    assert.deepEqual(await run(db, probe, ['x']), [{ probeValue: 'x' }]);
  });

  it('refuses two statements with one name', () => {
    assert.throws(() => statement('test_probe', 'select 2'), /declared twice/);
  });

  it('prepares a statement on the connection (PostgreSQL)', { skip: !onPostgres && 'PostgreSQL only' }, async () => {
    await db.transaction().execute(async (tx) => {
      assert.deepEqual(await run(tx, probe, ['y']), [{ probeValue: 'y' }]);
      const { rows } = await sql<{ statement: string }>`select statement from pg_prepared_statements where statement = ${probe.text}`.execute(tx);
      assert.deepEqual(rows, [{ statement: probe.text }], 'the driver no longer prepares queries with parameters');
    });
  });

  it('does not prepare a query with more parameters than a statement shape may have (PostgreSQL)', { skip: !onPostgres && 'PostgreSQL only' }, async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `wide-${i}`);
    await db.transaction().execute(async (tx) => {
      const wide = await tx.selectFrom('users').select('id').where('id', 'in', ids).execute();
      assert.deepEqual(wide, []);
      const { rows } = await sql<{ count: number }>`select count(*)::int as count from pg_prepared_statements where statement like '%"id" in ($1, $2, $3%'`.execute(tx);
      assert.equal(rows[0]!.count, 0, 'a 40-parameter IN list was prepared');
    });
  });

  it('uses prepared statements on the token endpoint (PostgreSQL)', { skip: !onPostgres && 'PostgreSQL only' }, async () => {
    const app = await g.m2mApp();
    const org = await g.organization();
    assert.equal((await gh.api('POST', `/api/organizations/${org.id}/applications`, { applicationIds: [app.id] })).status, 201);
    const token = await tokenRequest(gh, { grant_type: 'client_credentials', organization_id: org.id }, {
      authorization: `Basic ${Buffer.from(`${app.id}:${app.secret}`).toString('base64')}`,
    });
    assert.equal(token.status, 200, JSON.stringify(token.body));
    // Ask Guildhall's connections which statements they have prepared: the shared one first; the
    // pg_sleep keeps it busy past the slow-query guard, so the later queries ask pooled ones.
    const prepared = new Set(
      (
        await Promise.all(
          Array.from({ length: 10 }, () => sql<{ statement: string }>`select statement, pg_sleep(0.02) from pg_prepared_statements`.execute(db)),
        )
      ).flatMap(({ rows }) => rows.map((row) => row.statement)),
    );
    for (const name of ['guildhall_client_by_id', 'guildhall_application_organization_permissions']) {
      const declaration = declaredStatement(name);
      assert.ok(declaration, `${name} is not declared`);
      assert.ok(prepared.has(declaration.text), `${name} is not prepared on any connection`);
    }
  });
});

describe('organization token request in one round trip (account + membership + ID-token claims)', () => {
  const scope = g.organizationScope();
  const setup = (async () => {
    const read = await scope;
    const role = await g.organizationRole({ organizationScopeIds: [read.id] });
    const spa = await g.application({ type: 'SPA', oidcClientMetadata: { redirectUris: [REDIRECT_URI], postLogoutRedirectUris: [] } });
    const user = await g.user();
    const orgA = await g.organization();
    const orgB = await g.organization();
    await g.membership(orgA.id, user.id, { roleIds: [role.id] });
    await g.membership(orgB.id, user.id);
    return { read, role, spa, user, orgA, orgB };
  })();

  const signIn = async () => {
    const { read, spa, user } = await setup;
    return signInAndExchange(gh, {
      clientId: spa.id,
      identifier: user.username,
      scope: `openid offline_access ${ORGS} ${ORG_ROLES} ${read.name}`,
      resource: ORGS_RESOURCE,
    });
  };

  it('answers with an ID token whose organization claims are read in the same request', async () => {
    const { read, role, spa, user, orgA, orgB } = await setup;
    const tokens = await signIn();
    const first = await tokenRequest(gh, { grant_type: 'refresh_token', client_id: spa.id, refresh_token: tokens.refresh_token!, organization_id: orgA.id });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.scope, read.name);
    const idToken = decodeJwt(first.body.id_token);
    assert.equal(idToken.sub, user.id);
    assert.deepEqual(idToken.organizations, [orgA.id, orgB.id]);
    assert.deepEqual(idToken.organization_roles, [`${orgA.id}:${role.name}`]);

    // Live: leaving organization B and losing the role show in the very next response.
    assert.equal((await gh.api('DELETE', `/api/organizations/${orgB.id}/users/${user.id}`)).status, 204);
    assert.equal((await gh.api('DELETE', `/api/organizations/${orgA.id}/users/${user.id}/roles/${role.id}`)).status, 204);
    const second = await tokenRequest(gh, { grant_type: 'refresh_token', client_id: spa.id, refresh_token: first.body.refresh_token, organization_id: orgA.id });
    assert.equal(second.status, 200, JSON.stringify(second.body));
    assert.equal(second.body.scope, '');
    assert.deepEqual(decodeJwt(second.body.id_token).organizations, [orgA.id]);
    assert.deepEqual(decodeJwt(second.body.id_token).organization_roles, []);

    const gone = await tokenRequest(gh, { grant_type: 'refresh_token', client_id: spa.id, refresh_token: second.body.refresh_token, organization_id: orgB.id });
    assert.equal(gone.status, 403);
    assert.equal(gone.body.error, 'access_denied');
  });

  it('puts the same organization claims in the ID token as a sign-in does (roles by name, oldest membership first, no suspended one)', async () => {
    const { read, spa } = await setup;
    const [alpha, beta] = [await g.organizationRole({ name: `zz-${Date.now()}` }), await g.organizationRole({ name: `aa-${Date.now()}` })];
    const user = await g.user();
    const [first, suspended, last] = [await g.organization(), await g.organization(), await g.organization()];
    await g.membership(first.id, user.id, { roleIds: [alpha.id, beta.id] });
    await g.membership(suspended.id, user.id, { roleIds: [beta.id], status: 'Suspended' });
    await g.membership(last.id, user.id, { roleIds: [alpha.id] });
    const tokens = await signInAndExchange(gh, {
      clientId: spa.id,
      identifier: user.username,
      scope: `openid offline_access ${ORGS} ${ORG_ROLES} ${read.name}`,
      resource: ORGS_RESOURCE,
    });
    const signedIn = decodeJwt(tokens.id_token!);
    assert.deepEqual(signedIn.organizations, [first.id, last.id]);
    assert.deepEqual(signedIn.organization_roles, [`${first.id}:${beta.name}`, `${first.id}:${alpha.name}`, `${last.id}:${alpha.name}`]);
    const refreshed = await tokenRequest(gh, { grant_type: 'refresh_token', client_id: spa.id, refresh_token: tokens.refresh_token!, organization_id: last.id });
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
    const idToken = decodeJwt(refreshed.body.id_token);
    assert.deepEqual(idToken.organizations, signedIn.organizations);
    assert.deepEqual(idToken.organization_roles, signedIn.organization_roles);
  });

  it('refuses a suspended member and leaves the refresh token usable', async () => {
    const { spa, user, orgA } = await setup;
    const tokens = await signIn();
    await gh.api('POST', `/api/organizations/${orgA.id}/users`, { userIds: [user.id] });
    assert.equal((await gh.api('PATCH', `/api/organizations/${orgA.id}/users/${user.id}`, { status: 'Suspended' })).status, 200);
    const refused = await tokenRequest(gh, { grant_type: 'refresh_token', client_id: spa.id, refresh_token: tokens.refresh_token!, organization_id: orgA.id });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error, 'access_denied');
    assert.equal((await gh.api('PATCH', `/api/organizations/${orgA.id}/users/${user.id}`, { status: 'Active' })).status, 200);
    const allowed = await tokenRequest(gh, { grant_type: 'refresh_token', client_id: spa.id, refresh_token: tokens.refresh_token!, organization_id: orgA.id });
    assert.equal(allowed.status, 200, JSON.stringify(allowed.body));
  });

  // The refresh token, its session (tokens without offline_access die with the session) and its
  // grant are read in one round trip (adapter.ts); a missing session or grant must still refuse.
  for (const model of ['Session', 'Grant'] as const) {
    it(`refuses a refresh token whose ${model.toLowerCase()} is gone`, async () => {
      const { spa, orgA } = await setup;
      const tokens = await signIn();
      const token = (await sql<{ payload: { grantId: string; sessionUid: string; expiresWithSession?: boolean } }>`
        select payload from oidc_model_instances where model_name = 'RefreshToken' and id = ${tokens.refresh_token!}`.execute(db)).rows[0]!;
      if (model === 'Session') {
        assert.equal(token.payload.expiresWithSession, true, 'a first-party refresh token without offline_access is bound to the session');
        await sql`delete from oidc_model_instances where model_name = 'Session' and payload ->> 'uid' = ${token.payload.sessionUid}`.execute(db);
      } else {
        await sql`delete from oidc_model_instances where model_name = 'Grant' and id = ${token.payload.grantId}`.execute(db);
      }
      const refused = await tokenRequest(gh, { grant_type: 'refresh_token', client_id: spa.id, refresh_token: tokens.refresh_token!, organization_id: orgA.id });
      assert.equal(refused.status, 400, JSON.stringify(refused.body));
      assert.equal(refused.body.error, 'invalid_grant');
    });
  }
});

// adapter.ts: oidc-provider consumes the presented refresh token and then stores its successor;
// both run as one statement that rotates only a token nobody has consumed yet.
describe('refresh-token rotation in one statement', () => {
  const setup = (async () => {
    const read = await g.organizationScope();
    const role = await g.organizationRole({ organizationScopeIds: [read.id] });
    const spa = await g.application({ type: 'SPA', oidcClientMetadata: { redirectUris: [REDIRECT_URI], postLogoutRedirectUris: [] } });
    const user = await g.user();
    const org = await g.organization();
    await g.membership(org.id, user.id, { roleIds: [role.id] });
    return { read, spa, user, org };
  })();
  const signIn = async () => {
    const { read, spa, user } = await setup;
    const tokens = await signInAndExchange(gh, {
      clientId: spa.id,
      identifier: user.username,
      scope: `openid offline_access ${ORGS} ${read.name}`,
      resource: ORGS_RESOURCE,
    });
    return tokens.refresh_token!;
  };
  const refresh = async (refreshToken: string) => {
    const { spa, org } = await setup;
    return tokenRequest(gh, { grant_type: 'refresh_token', client_id: spa.id, refresh_token: refreshToken, organization_id: org.id });
  };
  const stored = async (id: string) =>
    (await sql<{ consumedAt: number | null; grantId: string }>`
      select consumed_at, payload ->> 'grantId' as grant_id from oidc_model_instances where model_name = 'RefreshToken' and id = ${id}`.execute(db)).rows[0];

  it('consumes the presented token and stores its successor, in the same grant', async () => {
    const old = await signIn();
    const response = await refresh(old);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const [before, after] = [await stored(old), await stored(response.body.refresh_token)];
    assert.ok(before?.consumedAt, 'the presented refresh token is consumed');
    assert.ok(after, 'the successor is stored');
    assert.equal(after.consumedAt, null);
    assert.equal(after.grantId, before.grantId);
  });

  it('revokes the grant when a rotated token is presented again (organization token)', async () => {
    const old = await signIn();
    const first = await refresh(old);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const reuse = await refresh(old);
    assert.equal(reuse.status, 400);
    assert.equal(reuse.body.error, 'invalid_grant');
    const successor = await refresh(first.body.refresh_token);
    assert.equal(successor.status, 400);
    assert.equal(successor.body.error, 'invalid_grant', 'the whole grant is revoked after reuse');
  });

  it('lets at most one of several simultaneous refreshes with the same token succeed, and revokes the grant', async () => {
    const old = await signIn();
    const responses = await Promise.all(Array.from({ length: 6 }, () => refresh(old)));
    const succeeded = responses.filter((response) => response.status === 200);
    assert.ok(succeeded.length <= 1, `${succeeded.length} refreshes succeeded with one token`);
    for (const response of responses.filter((r) => r.status !== 200)) {
      assert.equal(response.status, 400, JSON.stringify(response.body));
      assert.equal(response.body.error, 'invalid_grant');
    }
    if (succeeded.length === 1 && responses.length > 1) {
      const successor = await refresh(succeeded[0]!.body.refresh_token);
      assert.equal(successor.body.error, 'invalid_grant', 'a reuse revoked the grant, the winner’s successor included');
    }
  });

  it('rotates simultaneous refreshes of different tokens together, each on its own terms', async () => {
    const fresh = await Promise.all(Array.from({ length: 10 }, () => signIn()));
    const reused = await signIn();
    const first = await refresh(reused);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const responses = await Promise.all([...fresh, reused].map((token) => refresh(token)));
    const reuse = responses.pop()!;
    assert.equal(reuse.status, 400, JSON.stringify(reuse.body));
    assert.equal(reuse.body.error, 'invalid_grant', 'a rotated token presented beside others is still a reuse');
    for (const [i, response] of responses.entries()) {
      assert.equal(response.status, 200, JSON.stringify(response.body));
      const successor = await stored(response.body.refresh_token);
      assert.ok(successor && successor.consumedAt === null, 'each successor is stored, unconsumed');
      assert.equal(successor.grantId, (await stored(fresh[i]!))!.grantId, 'in the grant of the token it replaces');
      assert.ok((await stored(fresh[i]!))!.consumedAt, 'each presented token is consumed');
    }
    // The successors were written in fewer transactions than there were refreshes (RotationBatch).
    const { rows } = await sql<{ transactions: number }>`
      select count(distinct xmin::text)::int as transactions from oidc_model_instances
      where model_name = 'RefreshToken' and id in (${sql.join(responses.map((response) => response.body.refresh_token as string))})`.execute(db);
    // (Requests whose reads come back in the same event-loop turn share one; ten refreshes never
    // all arrive one turn apart.)
    assert.ok(rows[0]!.transactions < responses.length, `${rows[0]!.transactions} transactions for ${responses.length} rotations`);
  });

  it('treats a token consumed between its read and its rotation as reused (PostgreSQL)', { skip: !onPostgres && 'PostgreSQL only' }, async () => {
    const old = await signIn();
    const { grantId } = (await stored(old))!;
    // Another party holds the token's row (as a concurrent rotation would) while this request runs.
    const { pending: blocked } = await db.transaction().execute(async (connection) => {
      await sql`select 1 from oidc_model_instances where model_name = 'RefreshToken' and id = ${old} for update`.execute(connection);
      const pending = refresh(old);
      // Wait until the request's rotation waits for this transaction, i.e. after its read.
      for (let i = 0; ; i++) {
        const { rows } = await sql<{ waiting: number }>`
          select count(*)::int as waiting from pg_stat_activity where pg_backend_pid() = any(pg_blocking_pids(pid))`.execute(connection);
        if (rows[0]!.waiting > 0) break;
        assert.ok(i < 500, 'the refresh never reached its rotation');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await sql`update oidc_model_instances set consumed_at = now() where model_name = 'RefreshToken' and id = ${old}`.execute(connection);
      return { pending }; // not awaited here: the refresh finishes only once this transaction commits
    });
    const blocker = await blocked;
    assert.equal(blocker.status, 400, JSON.stringify(blocker.body));
    assert.equal(blocker.body.error, 'invalid_grant');
    const left = await sql<{ count: number }>`
      select count(*)::int as count from oidc_model_instances
      where (model_name = 'Grant' and id = ${grantId}) or payload ->> 'grantId' = ${grantId}`.execute(db);
    assert.equal(left.rows[0]!.count, 0, 'the grant and everything issued under it are revoked');
  });
});
