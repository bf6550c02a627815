import { createHash } from 'node:crypto';
import pg from 'pg';
import {
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/**
 * Kysely's driver for PostgreSQL over `pg`, with two kinds of connections:
 *
 * - **Shared, pipelined** (`pipeline: true`, one per process): every query outside a
 *   transaction goes to it, and is written without waiting for the answers before it. Under load
 *   many requests' queries are in flight on it, so one connection serves them all, and responses
 *   arrive together in fewer reads (one measured better than two: docs/benchmarks.md, "One shared
 *   connection instead of two"). While it is stuck behind a slow query (STALLED_AFTER_MS), queries
 *   take pooled connections.
 * - **Exclusive** (a `pg.Pool`): a transaction takes one from BEGIN to COMMIT/ROLLBACK, as
 *   Kysely's own PostgreSQL driver does.
 *
 * So nothing outside a transaction may depend on which connection runs it: no session settings,
 * session-level advisory locks or temporary tables (Guildhall uses transaction-scoped locks), and
 * Kysely's `db.connection()` does not pin one — use a transaction for that.
 *
 * Queries with parameters run as named prepared statements: `pg` parses and plans an unnamed
 * query on every call, a named one once per connection (measured here: a 3-table join 3.5×
 * faster). The name derives from the SQL text, so one query shape shares one statement. Very
 * wide queries (long IN lists, whose text varies with their length) stay unnamed, and at most
 * MAX_NAMED shapes are named per process, which bounds the memory both sides spend on them.
 */

const MAX_PARAMETERS = 32;
const MAX_NAMED = 2000;

/** Text parsers by type OID, overriding `pg`'s (the same map the PGlite driver is given). */
export type ColumnParsers = Readonly<Record<number, (value: string) => unknown>>;

export interface PostgresOptions {
  url: string;
  /** Connections for transactions. */
  poolSize: number;
  parsers: ColumnParsers;
  /**
   * Builds result rows from `pg`'s array mode (column values by position), so that a row object
   * is built once in its final shape (platform/camel-case.ts) instead of once by `pg` and again
   * by the result plugin.
   */
  rows: (fields: pg.FieldDef[], rows: unknown[][]) => object[];
}

function typeParsers(parsers: ColumnParsers) {
  return {
    getTypeParser: ((oid: number, format?: string) => parsers[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
  };
}

type Query = { name?: string; text: string; values: unknown[]; rowMode: 'array' };

/**
 * The shared connection is taken as stuck behind a slow query when its oldest query has been in
 * flight this long (answers come back in order, so everything queued behind it waits too): until
 * that one finishes, queries take exclusive pooled connections instead, so one slow report cannot
 * hold up token issuance.
 */
const STALLED_AFTER_MS = 50;

interface Slot {
  client: pg.Client;
  ready: Promise<unknown>;
  /** When each query in flight was sent, oldest first (the pipeline answers in order). */
  sentAt: number[];
  /** Whether the socket holds this turn's queries back until the write at setImmediate. */
  corked: boolean;
}

/**
 * `pg` writes each query to the socket as it is sent: one system call per query, which on a
 * loopback connection also runs PostgreSQL's side of TCP (the largest item in a profile of the
 * member list at 50 connections, ~15 % of samples). Under load, many requests send queries in one
 * event-loop turn (every socket that became readable is handled before Node checks timers and
 * immediates), so the connection is corked at the first query of a turn and uncorked at
 * `setImmediate`: the turn's queries leave in one write. An idle server pays nothing: the immediate runs right after the
 * callback that sent the query, before the event loop waits again. `pg` corks around each query
 * itself; corks nest, so its uncork no longer writes while this one holds.
 */
function corkForThisTurn(slot: Slot) {
  if (slot.corked) return;
  // `pg` 8's socket (Client#connection.stream) is not public API: without it, queries are
  // written one by one as before (and the driver test that counts writes fails).
  const stream = (slot.client as unknown as { connection?: { stream?: Partial<Record<'cork' | 'uncork', () => void>> } }).connection?.stream;
  if (!stream?.cork || !stream.uncork) return;
  slot.corked = true;
  stream.cork();
  setImmediate(() => {
    slot.corked = false;
    stream.uncork!();
  });
}

/** The pipelined connection shared by every query outside a transaction; reopened when it fails. */
class SharedConnection {
  private slot: Slot | undefined;

  constructor(private readonly open: () => pg.Client) {}

  /** Runs the query on the shared connection, or returns undefined while it is stuck. */
  async query(query: Query): Promise<pg.QueryResult | undefined> {
    const now = performance.now();
    const slot = this.slot ?? this.connect();
    if (slot.sentAt.length > 0 && now - slot.sentAt[0]! > STALLED_AFTER_MS) return undefined;
    slot.sentAt.push(now);
    try {
      await slot.ready;
      corkForThisTurn(slot);
      return await slot.client.query(query);
    } finally {
      slot.sentAt.shift();
    }
  }

  private connect(): Slot {
    const client = this.open();
    const slot: Slot = { client, ready: client.connect(), sentAt: [], corked: false };
    // A failed connection is replaced by the next query; its queries have been rejected by `pg`.
    const drop = () => {
      if (this.slot === slot) this.slot = undefined;
    };
    client.on('error', drop);
    client.on('end', drop);
    slot.ready.catch(drop);
    this.slot = slot;
    return slot;
  }

  async end() {
    const slot = this.slot;
    this.slot = undefined;
    await slot?.client.end().catch(() => {});
  }
}

const ignore = () => {};
const release = (client: pg.PoolClient, destroy: boolean) => {
  client.removeListener('error', ignore);
  client.release(destroy);
};

class PostgresConnection implements DatabaseConnection {
  private client: pg.PoolClient | undefined;

  constructor(
    private readonly shared: SharedConnection,
    private readonly pool: pg.Pool,
    private readonly named: (text: string, parameters: number) => string | undefined,
    private readonly buildRows: PostgresOptions['rows'],
  ) {}

  async begin(settings: TransactionSettings) {
    if (this.client) throw new Error('a transaction is already open on this connection');
    const client = await this.pool.connect();
    // A connection lost mid-transaction fails its query; the event itself must not crash the process.
    client.on('error', ignore);
    const options = [settings.isolationLevel && `isolation level ${settings.isolationLevel}`, settings.accessMode].filter(Boolean).join(' ');
    try {
      await client.query(options ? `begin ${options}` : 'begin');
    } catch (error) {
      release(client, true);
      throw error;
    }
    this.client = client;
  }

  async end(commit: boolean) {
    const client = this.client;
    this.client = undefined;
    // Kysely rolls back after a failed COMMIT (e.g. a deferred constraint): PostgreSQL has
    // already ended that transaction, and its connection went back below.
    if (!client) {
      if (commit) throw new Error('no transaction is open on this connection');
      return;
    }
    try {
      await client.query(commit ? 'commit' : 'rollback');
      release(client, false);
    } catch (error) {
      // A connection whose COMMIT or ROLLBACK failed is not trusted again.
      release(client, true);
      throw error;
    }
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const values = query.parameters as unknown[];
    const name = this.named(query.sql, values.length);
    const config: Query = name ? { name, text: query.sql, values, rowMode: 'array' } : { text: query.sql, values, rowMode: 'array' };
    const result = this.client
      ? await this.client.query(config)
      : ((await this.shared.query(config)) ?? (await this.onPooledConnection(config)));
    // A statement without a result set (BEGIN, DDL) may come back without rows.
    const rows = (result.rows ? this.buildRows(result.fields, result.rows) : []) as R[];
    const command = result.command;
    if (command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE') {
      return { numAffectedRows: BigInt(result.rowCount ?? 0), rows };
    }
    return { rows };
  }

  private async onPooledConnection(config: Query): Promise<pg.QueryResult> {
    const client = await this.pool.connect();
    client.on('error', ignore);
    try {
      const result = await client.query(config);
      release(client, false);
      return result;
    } catch (error) {
      release(client, !(error instanceof pg.DatabaseError));
      throw error;
    }
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported by the PostgreSQL driver');
  }
}

class PostgresDriver implements Driver {
  private readonly pool: pg.Pool;
  private readonly shared: SharedConnection;
  private readonly names = new Map<string, string>();

  constructor(private readonly options: PostgresOptions) {
    const types = typeParsers(options.parsers);
    this.pool = new pg.Pool({ connectionString: options.url, max: options.poolSize, types, application_name: 'guildhall' });
    // A failed idle connection must not crash the process; the next transaction reconnects.
    this.pool.on('error', () => {});
    this.shared = new SharedConnection(
      () => new pg.Client({ connectionString: options.url, types, application_name: 'guildhall', pipeline: true }),
    );
  }

  private readonly named = (text: string, parameters: number): string | undefined => {
    if (parameters === 0 || parameters > MAX_PARAMETERS) return undefined;
    let name = this.names.get(text);
    if (name === undefined && this.names.size < MAX_NAMED) {
      name = `k${createHash('sha1').update(text).digest('base64url')}`;
      this.names.set(text, name);
    }
    return name;
  };

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    // Only a handle: a query outside a transaction goes to the shared pipelined connection; a
    // transaction takes an exclusive one until it ends.
    return new PostgresConnection(this.shared, this.pool, this.named, this.options.rows);
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await (connection as PostgresConnection).begin(settings);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PostgresConnection).end(true);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PostgresConnection).end(false);
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {
    await Promise.all([this.shared.end(), this.pool.end()]);
  }
}

export function postgresDialect(options: PostgresOptions): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new PostgresDriver(options),
    createIntrospector: (db: Kysely<unknown>) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
}
