import { CamelCasePlugin, type UnknownRow } from 'kysely';

/**
 * The JSON columns whose contents are documents written by clients (custom data, OIDC payloads,
 * JWKs…), and the aliases under which a query returns such a document: their keys are returned
 * exactly as stored. test/platform/camel-case.test.ts fails when a jsonb column is added to a
 * migration without being listed here.
 */
export const DOCUMENT_COLUMNS: ReadonlySet<string> = new Set([
  'branding',
  'grant_document',
  'session_document',
  'color',
  'custom_client_metadata',
  'custom_data',
  'identities',
  'oidc_client_metadata',
  'payload',
  'private_jwk',
  'profile',
]);

const isPlainObject = (value: unknown): value is UnknownRow =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/**
 * Kysely's CamelCasePlugin, except inside stored JSON documents. The stock plugin camelCases the
 * keys of every nested object in a row, which is right for the objects that `jsonArrayFrom` builds
 * from selected columns (`resource_id` → `resourceId`) but would rewrite a client's
 * `customData: {plan_tier: 1}` into `{planTier: 1}`.
 */
export class GuildhallCamelCasePlugin extends CamelCasePlugin {
  /**
   * Per result key: its camelCase name and whether it holds a document. Keys come from the
   * queries' column names and the JSON objects they build, so the set is small; the bound only
   * guards against a query that would build keys from data.
   */
  readonly #keys = new Map<string, { name: string; document: boolean }>();

  #key(key: string) {
    let known = this.#keys.get(key);
    if (!known) {
      known = { name: this.camelCase(key), document: DOCUMENT_COLUMNS.has(key) || DOCUMENT_COLUMNS.has(this.snakeCase(key)) };
      if (this.#keys.size < 10_000) this.#keys.set(key, known);
    }
    return known;
  }

  protected override mapRow(row: UnknownRow): UnknownRow {
    const mapped: UnknownRow = {};
    for (const key in row) {
      const { name, document } = this.#key(key);
      let value = row[key];
      if (!document && typeof value === 'object' && value !== null) {
        if (Array.isArray(value)) value = value.map((item) => (isPlainObject(item) ? this.mapRow(item) : item));
        else if (isPlainObject(value)) value = this.mapRow(value);
      }
      mapped[name] = value;
    }
    return mapped;
  }
}
