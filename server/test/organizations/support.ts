import type { TestGuildhall } from '../support/guildhall.ts';

/**
 * Counts the SQL statements Guildhall's database handle executes while `run` runs, by wrapping
 * the Kysely executor every query builder of the handle goes through. Requests must not overlap.
 */
export async function countStatements<T>(gh: TestGuildhall, run: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const executor = gh.context.db.getExecutor() as unknown as { executeQuery: (...args: unknown[]) => Promise<unknown> };
  const original = executor.executeQuery;
  let statements = 0;
  executor.executeQuery = function (this: unknown, ...args: unknown[]) {
    statements++;
    return original.apply(this, args);
  };
  try {
    const result = await run();
    return { result, statements };
  } finally {
    executor.executeQuery = original;
  }
}
