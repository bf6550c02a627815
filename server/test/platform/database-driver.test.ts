import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { given } from '../support/given.ts';
import { startGuildhall } from '../support/guildhall.ts';

/**
 * What the rest of Guildhall relies on from its database driver (platform/postgres-driver.ts on
 * PostgreSQL, platform/pglite-driver.ts embedded): values, errors, transactions, and — on
 * PostgreSQL — surviving connections that the server closes.
 */
const gh = await startGuildhall();
const g = given(gh);
const { db, dbKind } = gh.context;
const onPostgres = dbKind === 'postgres';

/** An organization row written directly, with a short id of its own (ids are varchar(21)). */
const shortId = () => `dt${Math.random().toString(36).slice(2, 12)}`;
const insertOrganization = (executor: typeof db, id: string, name: string) =>
  sql`insert into organizations (id, name) values (${id}, ${name})`.execute(executor);

describe('database driver', () => {
  it('reads timestamps as epoch milliseconds, int8 as numbers, json as values; takes JSON text and objects for jsonb', async () => {
    const { rows } = await sql<{ at: number; zoneless: number; big: number; document: unknown; text: unknown; object: unknown }>`
      select timestamptz '2026-11-28 21:45:04.123456+00' as at,
             timestamp '2026-11-28 21:45:04.5' as zoneless,
             9007199254740991::int8 as big,
             '{"a":[1,2]}'::jsonb as document,
             ${'{"b":true}'}::jsonb as text,
             ${JSON.stringify(['x'])}::json as object`.execute(db);
    assert.deepEqual(rows[0], {
      at: Date.UTC(2026, 10, 28, 21, 45, 4, 123),
      zoneless: Date.UTC(2026, 10, 28, 21, 45, 4, 500),
      big: 9007199254740991,
      document: { a: [1, 2] },
      text: { b: true },
      object: ['x'],
    });
  });

  it('returns rows with camelCase keys, JSON built by a query camelCased inside, documents as stored', async () => {
    const query = sql<Record<string, unknown>>`
      select 1 as first_value,
             json_build_object('inner_key', 2, 'deeper_still', json_build_object('x_y', 3)) as nested_thing,
             json_build_array(json_build_object('role_id', 'r'), 'plain_text') as list_of,
             '{"plan_tier": {"kept_as_is": true}}'::jsonb as custom_data,
             array['a_b'] as tags,
             array[json_build_object('in_array', 1)] as json_array,
             null::json as nothing_here`;
    const expected = {
      firstValue: 1,
      nestedThing: { innerKey: 2, deeperStill: { xY: 3 } },
      listOf: [{ roleId: 'r' }, 'plain_text'],
      customData: { plan_tier: { kept_as_is: true } },
      tags: ['a_b'],
      jsonArray: [{ inArray: 1 }],
      nothingHere: null,
    };
    // Twice: the second run takes the row builder compiled for this result shape.
    for (let run = 0; run < 2; run++) assert.deepEqual((await query.execute(db)).rows, [expected]);
    const two = await sql<{ n: number }>`select n from (values (1), (2)) as t (n) order by n`.execute(db);
    assert.deepEqual(two.rows, [{ n: 1 }, { n: 2 }]);
  });

  it('binds arrays, booleans, nulls and dates as parameters', async () => {
    const when = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6));
    const { rows } = await sql<{ many: string[]; yes: boolean; nothing: null; at: number }>`
      select ${['a', 'b']}::text[] as many, ${true}::boolean as yes, ${null}::text as nothing, ${when}::timestamptz as at`.execute(db);
    assert.deepEqual(rows[0], { many: ['a', 'b'], yes: true, nothing: null, at: when.getTime() });
  });

  it('reports a unique violation with its constraint name (mapped to an API error code)', async () => {
    const user = await g.user();
    const again = await gh.api('POST', '/api/users', { username: user.username, password: 'another password 1' });
    assert.equal(again.status, 422, again.text);
    assert.equal(again.body.code, 'user.username_already_in_use');
  });

  it('rolls a transaction back when its callback throws, and commits it otherwise', async () => {
    const name = g.unique('tx');
    const [dropped, kept] = [shortId(), shortId()];
    await assert.rejects(
      db.transaction().execute(async (tx) => {
        await insertOrganization(tx, dropped, name);
        throw new Error('changed my mind');
      }),
      /changed my mind/,
    );
    await db.transaction().execute(async (tx) => {
      await insertOrganization(tx, kept, name);
    });
    const ids = await db.selectFrom('organizations').select('id').where('name', '=', name).execute();
    assert.deepEqual(ids, [{ id: kept }]);
  });

  it('isolates transactions running at once from each other and from queries outside them', async () => {
    const name = g.unique('iso');
    const ids = Array.from({ length: 8 }, () => shortId());
    const results = await Promise.all(
      ids.map((id, i) =>
        db.transaction().execute(async (tx) => {
          await insertOrganization(tx, id, name);
          // Outside the transaction, the uncommitted row is not visible. (PGlite is one
          // connection, held by the transaction until it ends: there is no outside to ask.)
          const outside = onPostgres ? await db.selectFrom('organizations').select('id').where('id', '=', id).execute() : [];
          const inside = await tx.selectFrom('organizations').select('id').where('id', '=', id).execute();
          if (i % 2 === 1) throw new Error(`roll back ${i}`);
          return { outside: outside.length, inside: inside.length };
        }).catch((error: Error) => error.message),
      ),
    );
    assert.deepEqual(results, Array.from({ length: 8 }, (_, i) => (i % 2 === 1 ? `roll back ${i}` : { outside: 0, inside: 1 })));
    const kept = await db.selectFrom('organizations').select('id').where('name', '=', name).execute();
    assert.deepEqual(kept.map((row) => row.id).sort(), [0, 2, 4, 6].map((i) => ids[i]!).sort());
  });

  it('does not hold quick queries behind slow ones (PostgreSQL: the pipelined connection is passed over when stuck)', { skip: !onPostgres && 'PostgreSQL only' }, async () => {
    // Two slow queries outside a transaction hold up the shared pipelined connection.
    const slow = Promise.all([sql`select pg_sleep(1.5)`.execute(db), sql`select pg_sleep(1.5)`.execute(db)]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = performance.now();
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
    const waited = performance.now() - started;
    assert.deepEqual(rows, [{ one: 1 }]);
    assert.ok(waited < 700, `a quick query waited ${Math.round(waited)} ms behind slow ones`);
    await slow;
  });

  it('sends the queries of one event-loop turn in one write, and a lone query at once (PostgreSQL)', { skip: !onPostgres && 'PostgreSQL only' }, async () => {
    await Promise.all([sql`select 1`.execute(db), sql`select 1`.execute(db)]); // the shared connection opens
    const port = Number(new URL(gh.config.databaseUrl!).port || 5432);
    const writes: number[] = [];
    const socket = net.Socket.prototype as unknown as Record<'_write' | '_writev', (...args: unknown[]) => unknown>;
    const originals = { _write: socket._write, _writev: socket._writev };
    for (const method of ['_write', '_writev'] as const) {
      socket[method] = function (this: net.Socket, ...args: unknown[]) {
        if (this.remotePort === port) writes.push(method === '_writev' ? (args[0] as unknown[]).length : 1);
        return originals[method].apply(this, args);
      };
    }
    try {
      const numbers = Array.from({ length: 20 }, (_, i) => i);
      const results = await Promise.all(numbers.map((n) => sql<{ n: number }>`select ${n}::int as n`.execute(db)));
      assert.deepEqual(results.map(({ rows }) => rows[0]!.n), numbers);
      assert.equal(writes.length, 1, `20 queries of one turn took ${writes.length} writes (${writes.join(', ')} messages)`);

      writes.length = 0;
      const started = performance.now();
      await sql`select 1`.execute(db);
      assert.equal(writes.length, 1);
      assert.ok(performance.now() - started < 50, 'a lone query waited for a batch');
    } finally {
      Object.assign(socket, originals);
    }
  });

  it('fails, and does not hang, a transaction whose connection PostgreSQL closes', { skip: !onPostgres && 'PostgreSQL only', timeout: 20_000 }, async () => {
    const id = shortId();
    const outcome = db.transaction().execute(async (tx) => {
      await insertOrganization(tx, id, 'lost');
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx);
      const killer = new pg.Client({ connectionString: gh.config.databaseUrl });
      await killer.connect();
      await killer.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
      await killer.end();
      await sql`select 1`.execute(tx);
    });
    await assert.rejects(outcome);
    const found = await db.selectFrom('organizations').select('id').where('id', '=', id).execute();
    assert.deepEqual(found, [], 'the lost transaction wrote nothing');
  });

  it('recovers when PostgreSQL closes every connection (a restart or an administrator)', { skip: !onPostgres && 'PostgreSQL only' }, async () => {
    const organization = await g.organization();
    const killer = new pg.Client({ connectionString: gh.config.databaseUrl });
    await killer.connect();
    try {
      const { rowCount } = await killer.query(
        `select pg_terminate_backend(pid) from pg_stat_activity
         where datname = current_database() and application_name = 'guildhall' and pid <> pg_backend_pid()`,
      );
      assert.ok((rowCount ?? 0) > 0, 'no Guildhall connection was open');
    } finally {
      await killer.end();
    }
    // The next requests open new connections; none is left waiting on a closed one.
    for (let attempt = 0; attempt < 3; attempt++) {
      const read = await gh.api('GET', `/api/organizations/${organization.id}`);
      if (read.status === 200) {
        assert.equal(read.body.id, organization.id);
        const written = await gh.api('PATCH', `/api/organizations/${organization.id}`, { description: 'after the restart' });
        assert.equal(written.status, 200, written.text);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.fail('Guildhall did not recover after its connections were closed');
  });
});
