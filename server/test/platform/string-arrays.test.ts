import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { startGuildhall } from '../support/guildhall.ts';

const gh = await startGuildhall();

// Elements PostgreSQL prints bare, and every reason it quotes one or marks it otherwise.
const arrays: Array<Array<string | null>> = [
  [],
  ['a'],
  ['br000000002', 'br000000005', 'x1'],
  ['with,comma', 'plain'],
  ['with space', 'tab\there', 'new\nline'],
  ['quote"inside', 'back\\slash', '{brace}', ''],
  ['NULL', 'null', 'Nullable', 'xNULLx'],
  [null, 'after-null'],
  ['é', 'ünïcödé', '日本', '🙂'],
];

// On PostgreSQL this reads through platform/database.ts's parseStringArray; PGlite parses arrays
// itself, and must answer the same.
describe('text and varchar arrays come back as JavaScript arrays, element for element', () => {
  for (const type of ['varchar', 'text'] as const) {
    it(`reads ${type}[] values, plain and quoted`, async () => {
      for (const elements of arrays) {
        // The elements go in as JSON, so PostgreSQL builds the array itself and prints it its way.
        const { rows } = await sql<{ value: unknown; text: string }>`
          select a as value, a::text as text from (
            select array(select e from json_array_elements_text(${JSON.stringify(elements)}::json) with ordinality as t (e, n) order by n)::${sql.raw(type)}[] as a
          ) as built`.execute(gh.context.db);
        assert.deepEqual(rows[0]!.value, elements, `${type}[] printed as ${rows[0]!.text}`);
      }
    });
  }

  it('reads arrays with explicit bounds and nested arrays through the general parser', async () => {
    const { rows } = await sql<{ bounded: unknown; nested: unknown }>`
      select '[0:1]={a,b}'::varchar[] as bounded, '{{a,b},{c,d}}'::text[] as nested`.execute(gh.context.db);
    assert.deepEqual(rows[0]!.nested, [['a', 'b'], ['c', 'd']]);
    assert.deepEqual(rows[0]!.bounded, ['a', 'b']);
  });
});
