import { CompiledQuery } from 'kysely';
import type { Db, Executor } from '../platform/database.ts';

/**
 * The token hot path's hand-written statements.
 *
 * They are plain SQL rather than Kysely builders because each is a single round trip that reads
 * what oidc-provider will ask for across a whole request (token-request.ts), and their text is
 * fixed, so PostgreSQL prepares each once per connection and then only binds and executes it
 * (the driver prepares every query with parameters, platform/postgres-driver.ts; measured on the
 * permission joins: ~400 µs → ~60 µs of PostgreSQL time per query, docs/benchmarks.md). They
 * go through the same connection, transaction and result plugins (CamelCasePlugin, type
 * parsers) as every other query; PGlite (the embedded database) runs the same text.
 *
 * A statement must have parameters only where values go: an expression index on
 * `payload ->> 'uid'` is not used by a generic plan of `payload ->> $1`.
 */
export interface Statement {
  readonly name: string;
  readonly text: string;
}

const declared = new Map<string, Statement>();

/** Declares a statement once, at module load; the name is for people (tests, diagnostics) and unique. */
export function statement(name: string, text: string): Statement {
  const qualified = `guildhall_${name}`;
  if (declared.has(qualified)) throw new Error(`statement ${qualified} is declared twice`);
  const declaration = { name: qualified, text: text.replace(/\s+/g, ' ').trim() };
  declared.set(qualified, declaration);
  return declaration;
}

/** A declared statement by its qualified name (`guildhall_…`), for tests and diagnostics. */
export const declaredStatement = (name: string): Statement | undefined => declared.get(name);

/** Runs a statement on `db` (or a transaction) and returns its rows, keys in camelCase. */
export async function run<Row>(db: Executor | Db, statement: Statement, values: readonly unknown[]): Promise<Row[]> {
  const { rows } = await db.executeQuery<Row>(CompiledQuery.raw(statement.text, [...values]));
  return rows;
}
