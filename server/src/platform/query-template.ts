import { CompiledQuery, type Compilable } from 'kysely';
import type { Executor } from './database.ts';

/**
 * A value's place in a query template. Kysely keeps values out of the SQL text (they become `$n`
 * parameters), so a slot passes through building and compiling untouched and tells, afterwards,
 * which parameter is which argument. Turning one into text is a mistake in the template, so it
 * throws.
 */
class Slot {
  constructor(readonly key: string) {}
  toString(): never {
    throw new Error(`query template argument "${this.key}" was used as SQL text; use it only where Kysely takes a value`);
  }
}

type Argument = string | number | boolean | null | undefined;

interface Compiled {
  /** The same string instance on every call, so pg's statement-name lookup does not rehash it. */
  sql: string;
  /** Per parameter: the argument it comes from, or a constant of the query. */
  parameters: Array<{ key: string } | { value: unknown }>;
}

/**
 * A Kysely query built and compiled once per shape instead of on every call. Building and
 * compiling a list query (and the camel-case plugin's pass over it) cost a page request more CPU
 * than running it (docs/benchmarks.md); a template keeps the query written in Kysely, checked by
 * its types, and pays for that once.
 *
 * `build` receives the arguments with every string or number replaced by a placeholder that only
 * Kysely's value positions accept (`where(col, '=', args.id)`, `limit(args.limit)`), so it must
 * not compute with them: derive values (a search pattern, say) before calling. What changes the
 * SQL text is the shape: which arguments are undefined, and the booleans, which `build` sees as
 * they are. Each shape is compiled on first use.
 */
export function queryTemplate<Args extends { [Key in keyof Args]: Argument }, Row>(
  build: (db: Executor, args: Args) => Compilable<Row>,
): (db: Executor, args: Args) => Promise<Row[]> {
  const shapes = new Map<string, Compiled>();

  const compile = (db: Executor, args: Args, shape: string): Compiled => {
    const slots = new Map<Slot, string>();
    const placeholders: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(args) as Array<[string, Argument]>) {
      if (value === undefined || typeof value === 'boolean') {
        placeholders[key] = value;
      } else {
        const slot = new Slot(key);
        slots.set(slot, key);
        placeholders[key] = slot;
      }
    }
    const query = build(db, placeholders as Args).compile();
    const compiled: Compiled = {
      sql: query.sql,
      parameters: query.parameters.map((value) => (value instanceof Slot ? { key: slots.get(value)! } : { value })),
    };
    shapes.set(shape, compiled);
    return compiled;
  };

  return async (db, args) => {
    let shape = '';
    for (const key in args) {
      const value: Argument = args[key];
      shape += `${key}:${value === undefined ? '-' : value === true ? 't' : value === false ? 'f' : 'v'};`;
    }
    const compiled = shapes.get(shape) ?? compile(db, args, shape);
    const values = compiled.parameters.map((parameter) => ('key' in parameter ? (args as Record<string, Argument>)[parameter.key] : parameter.value));
    const { rows } = await db.executeQuery<Row>(CompiledQuery.raw(compiled.sql, values));
    return rows;
  };
}
