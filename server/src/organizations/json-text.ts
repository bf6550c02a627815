import { sql } from 'kysely';

/**
 * A jsonb column read as its JSON text. The database handle's CamelCasePlugin rewrites the keys
 * of every object in a result row, nested ones included, which would turn a stored
 * `customData: {plan_tier: 1}` into `{planTier: 1}`; a string is left alone. Parse with
 * {@link parseJson}. `column` is the snake_case SQL name (`organizations.custom_data`).
 */
export function jsonText(column: string) {
  return sql<string>`${sql.ref(column)}::text`;
}

export function parseJson<T = Record<string, unknown>>(text: string): T {
  return JSON.parse(text) as T;
}
