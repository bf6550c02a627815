import type { Config } from './config.ts';
import type { Db } from './database.ts';

/** What route plugins receive: configuration and the database. */
export interface AppContext {
  config: Config;
  db: Db;
  dbKind: 'postgres' | 'pglite';
}
