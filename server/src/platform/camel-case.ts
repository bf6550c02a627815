import { CamelCasePlugin, type PluginTransformResultArgs, type QueryResult, type UnknownRow } from 'kysely';

/**
 * The JSON columns whose contents are documents written by clients (custom data, OIDC payloads,
 * JWKs…), and the aliases under which a query returns such a document: their keys are returned
 * exactly as stored. test/platform/camel-case.test.ts fails when a jsonb column is added to a
 * migration without being listed here.
 */
export const DOCUMENT_COLUMNS: ReadonlySet<string> = new Set([
  'body',
  'branding',
  'grant_document',
  'session_document',
  'color',
  'config',
  'custom_client_metadata',
  'custom_data',
  'document',
  'events',
  'identities',
  'oidc_client_metadata',
  'params',
  'payload',
  'private_jwk',
  'profile',
]);

/** json, jsonb and arrays of them: the column types whose values can hold objects built by a query. */
const JSON_TYPE_OIDS: ReadonlySet<number> = new Set([114, 3802, 199, 3807]);

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

  /** Row arrays the driver built with {@link rowsFromArrays}: already in their final shape. */
  readonly #built = new WeakSet<object>();
  /** Per result shape (column names and types): the function that builds one row. */
  readonly #builders = new Map<string, (values: unknown[]) => UnknownRow>();

  /**
   * Rows from `pg`'s array mode, built with camelCase keys in one step: what `pg`'s object rows
   * followed by {@link mapRow} produce, without the intermediate object per row and the key
   * lookups per value. The builder of each result shape is generated once (an object literal, so
   * every row of a shape shares one hidden class); JSON columns that are not documents still
   * have their nested keys camelCased.
   */
  readonly rowsFromArrays = (fields: ReadonlyArray<{ name: string; dataTypeID: number }>, rows: unknown[][]): UnknownRow[] => {
    let shape = '';
    for (const field of fields) shape += `${field.name}:${field.dataTypeID},`;
    let build = this.#builders.get(shape);
    if (!build) {
      build = this.#rowBuilder(fields);
      if (this.#builders.size < 10_000) this.#builders.set(shape, build);
    }
    const built = new Array<UnknownRow>(rows.length);
    for (let i = 0; i < rows.length; i++) built[i] = build(rows[i]!);
    this.#built.add(built);
    return built;
  };

  #rowBuilder(fields: ReadonlyArray<{ name: string; dataTypeID: number }>): (values: unknown[]) => UnknownRow {
    const keys = fields.map((field) => this.#key(field.name));
    if (keys.some(({ name }) => name === '__proto__')) {
      return (values) => this.mapRow(Object.fromEntries(fields.map((field, i) => [field.name, values[i]])));
    }
    const nest = (value: unknown) => this.#mapNested(value);
    const properties = keys.map(({ name, document }, i) => {
      const json = JSON_TYPE_OIDS.has(fields[i]!.dataTypeID);
      return `${JSON.stringify(name)}: ${json && !document ? `nest(v[${i}])` : `v[${i}]`}`;
    });
    // The keys are JSON string literals, so no column name can change the code.
    return new Function('nest', `return (v) => ({ ${properties.join(', ')} });`)(nest) as (values: unknown[]) => UnknownRow;
  }

  #mapNested(value: unknown): unknown {
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) return value.map((item) => (isPlainObject(item) ? this.mapRow(item) : item));
    return isPlainObject(value) ? this.mapRow(value) : value;
  }

  override async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return this.#built.has(args.result.rows) ? args.result : super.transformResult(args);
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
