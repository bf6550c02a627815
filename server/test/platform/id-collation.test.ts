import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { startGuildhall } from '../support/guildhall.ts';

const gh = await startGuildhall();

describe('identifiers use the C collation (migration 0017)', () => {
  it('declares every id column and the OIDC store key with collate "C"', async () => {
    const { rows } = await sql<{ table: string; column: string; collation: string | null }>`
      select table_name as "table", column_name as "column", collation_name as "collation"
      from information_schema.columns
      where table_schema = 'public' and data_type in ('character varying', 'text')
        and (column_name = 'id' or column_name like '%\_id' or (table_name = 'oidc_model_instances' and column_name = 'model_name'))`.execute(gh.context.db);
    assert.ok(rows.length > 60, `only ${rows.length} id columns found`);
    const others = rows.filter((row) => row.collation !== 'C').map((row) => `${row.table}.${row.column} (${row.collation ?? 'default'})`);
    assert.deepEqual(others, [], 'id columns without collate "C": declare them `varchar(21) collate "C"` in their migration');
  });
});
