import { CompiledQuery } from 'kysely';
import type { Db, Executor } from '../platform/database.ts';

/**
 * Named prepared statements for the token hot path.
 *
 * `pg` parses and plans an unnamed query on every call; the permission joins of the token
 * endpoint spent most of their PostgreSQL time planning (measured: ~400 µs → ~60 µs per query
 * when prepared, docs/benchmarks.md). A named statement is parsed and planned once per
 * connection and then only bound and executed.
 *
 * How: Kysely's PostgreSQL connection passes a compiled query's `sql` to `pg`'s
 * `client.query(sql, parameters)` unchanged, and `pg` takes a query config object in that
 * place; with a `name`, it prepares the statement. So the statement runs through the same pool,
 * transaction and result plugins (CamelCasePlugin, type parsers) as every other query. PGlite
 * (the embedded database) gets the plain text. server/test/oidc/statements.test.ts proves on
 * PostgreSQL that the statement is really prepared, so a Kysely upgrade that changes this
 * path fails loudly.
 *
 * A statement must have parameters only where values go: an expression index on
 * `payload ->> 'uid'` is not used by a generic plan of `payload ->> $1`.
 */
export interface Statement {
  readonly name: string;
  readonly text: string;
}

const names = new Set<string>();

/** Declares a statement once, at module load; `name` is unique (pg keys prepared statements by name per connection). */
export function statement(name: string, text: string): Statement {
  const qualified = `guildhall_${name}`;
  if (names.has(qualified)) throw new Error(`prepared statement ${qualified} is declared twice`);
  names.add(qualified);
  return { name: qualified, text: text.replace(/\s+/g, ' ').trim() };
}

const prepared = new WeakSet<object>();

/** Marks a database as PostgreSQL through `pg`, whose queries may be named (a transaction passes `{ named: true }`). */
export function usePreparedStatements(db: Db): void {
  prepared.add(db);
}

/** Runs a statement on `db` (prepared on PostgreSQL) and returns its rows, keys in camelCase. */
export async function run<Row>(db: Executor | Db, statement: Statement, values: readonly unknown[], { named = prepared.has(db) } = {}): Promise<Row[]> {
  const sql = named ? ({ name: statement.name, text: statement.text } as unknown as string) : statement.text;
  const { rows } = await db.executeQuery<Row>(CompiledQuery.raw(sql, [...values]));
  return rows;
}
