import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { DOCUMENT_COLUMNS } from '../../src/platform/camel-case.ts';
import { given } from '../support/given.ts';
import { startGuildhall } from '../support/guildhall.ts';

const gh = await startGuildhall();
const a = given(gh);
const document = { plan_tier: 'gold', nested_object: { snake_key: [{ inner_key: 1 }] }, camelKey: true };

describe('stored JSON documents keep their keys', () => {
  it('returns custom data exactly as written, on users, organizations and member lists', async () => {
    const user = await a.user({ customData: document, profile: { given_name: 'Ada' } });
    assert.deepEqual(user.customData, document);
    assert.deepEqual(user.profile, { given_name: 'Ada' });
    assert.deepEqual((await gh.api('GET', `/api/users/${user.id}`)).body.customData, document);

    const organization = await a.organization({ customData: document, members: [user.id] });
    assert.deepEqual(organization.customData, document);
    assert.deepEqual((await gh.api('GET', `/api/organizations/${organization.id}`)).body.customData, document);
    const members = await gh.api('GET', `/api/organizations/${organization.id}/users`);
    assert.deepEqual(members.body[0].customData, document);
    const organizations = await gh.api('GET', `/api/users/${user.id}/organizations`);
    assert.deepEqual(organizations.body[0].customData, document);
  });

  it('lists every jsonb column of the schema as a document column', async () => {
    const { rows } = await sql<{ column_name: string }>`
      select column_name from information_schema.columns
      where table_schema = 'public' and data_type = 'jsonb'`.execute(gh.context.db);
    const columns = [...new Set(rows.map((row) => (row as Record<string, string>).columnName ?? row.column_name))];
    assert.ok(columns.length > 0);
    for (const column of columns) {
      assert.ok(DOCUMENT_COLUMNS.has(column), `jsonb column ${column} is missing from DOCUMENT_COLUMNS in platform/camel-case.ts`);
    }
  });
});
