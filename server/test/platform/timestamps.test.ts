import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { startGuildhall } from '../support/guildhall.ts';

const gh = await startGuildhall();

// Instants with and without fractions, around a leap day, before 1970 and far ahead.
const instants = [
  '2026-11-28 15:45:04.123456+00',
  '2026-11-28 15:45:04+00',
  '2024-02-29 23:59:59.9+00',
  '1969-12-31 23:59:59.999+00',
  '1901-06-01 12:00:00.5+00',
  '2999-01-01 00:00:00.001+00',
  '0044-03-15 12:00:00+00 BC',
  '12026-01-01 00:00:00+00',
];

describe('timestamps come back as epoch milliseconds in any session time zone', () => {
  for (const zone of ['UTC', 'America/Sao_Paulo', 'Asia/Kolkata', 'America/St_Johns', 'Pacific/Kiritimati']) {
    it(`reads timestamptz in ${zone}`, async () => {
      await gh.context.db.transaction().execute(async (tx) => {
        await sql`select set_config('TimeZone', ${zone}, true)`.execute(tx);
        for (const instant of instants) {
          const { rows } = await sql<{ value: number; expected: number }>`
            select ${instant}::timestamptz as value,
                   floor(extract(epoch from ${instant}::timestamptz) * 1000)::float8 as expected`.execute(tx);
          assert.equal(rows[0]!.value, rows[0]!.expected, `${instant} read in ${zone}`);
        }
      });
    });
  }

  it('reads zoneless timestamps as UTC', async () => {
    const { rows } = await sql<{ value: number }>`select '2026-11-28 15:45:04.5'::timestamp as value`.execute(gh.context.db);
    assert.equal(rows[0]!.value, Date.UTC(2026, 10, 28, 15, 45, 4, 500));
  });
});
