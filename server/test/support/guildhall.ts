import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import pg from 'pg';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildGuildhall, type BuildOptions, type Guildhall } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/platform/config.ts';
import { openDatabase, type DatabaseHandle } from '../../src/platform/database.ts';

/**
 * A fresh Guildhall for one test file, on a database of its own:
 * - PostgreSQL when TEST_DATABASE_URL is set (a new database is created and dropped after);
 * - otherwise the embedded PGlite, copied from the migrated template directory that the test
 *   runner prepares once (GUILDHALL_TEST_PGLITE_TEMPLATE), or created from scratch.
 */
export interface TestGuildhall extends Guildhall {
  config: Config;
  /** A Management API request with a valid admin token; `body` objects are sent as JSON. */
  api: (method: InjectOptions['method'], url: string, body?: unknown, headers?: Record<string, string>) => Promise<Response>;
  /** The bootstrap admin app's credentials. */
  admin: { id: string; secret: string };
  /** A fresh client-credentials token for the Management API. */
  managementToken: () => Promise<string>;
  /** A raw request (no token added). */
  inject: (options: InjectOptions) => Promise<LightMyRequestResponse>;
  /** The open database, for a second node on the same data (`buildGuildhall(config, { database })`). */
  database: DatabaseHandle;
}

/** A thin view of an inject response. */
export interface Response {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: any;
  text: string;
}

export const ADMIN = { id: 'test-admin', secret: 'test-admin-secret-0123456789' };

async function openTestDatabase(): Promise<{ databaseUrl?: string; dataDir: string; cleanup: () => Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL;
  if (base) {
    const name = `gh_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    return {
      databaseUrl: url.href,
      dataDir: '',
      cleanup: async () => {
        const client = new pg.Client({ connectionString: base });
        await client.connect();
        await client.query(`drop database if exists ${name} with (force)`);
        await client.end();
      },
    };
  }
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'guildhall-test-'));
  const template = process.env.GUILDHALL_TEST_PGLITE_TEMPLATE;
  if (template) await fs.cp(template, dataDir, { recursive: true });
  return { dataDir, cleanup: () => fs.rm(dataDir, { recursive: true, force: true }) };
}

export async function startGuildhall(
  env: Record<string, string> = {},
  options: BuildOptions = {},
): Promise<TestGuildhall> {
  const database = await openTestDatabase();
  const config = loadConfig({
    GUILDHALL_ENDPOINT: 'http://localhost:3001',
    GUILDHALL_LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    GUILDHALL_ADMIN_CLIENT_ID: ADMIN.id,
    GUILDHALL_ADMIN_CLIENT_SECRET: ADMIN.secret,
    ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : { GUILDHALL_DATA_DIR: database.dataDir }),
    ...env,
  });
  const handle = await openDatabase(config);
  const guildhall = await buildGuildhall(config, { ...options, database: handle });

  const inject = (request: InjectOptions) => guildhall.app.inject(request);
  let cached: { token: string; expiresAt: number } | undefined;
  const managementToken = async () => {
    if (cached && cached.expiresAt > Date.now() + 60_000) return cached.token;
    const response = await inject({
      method: 'POST',
      url: '/oidc/token',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${ADMIN.id}:${ADMIN.secret}`).toString('base64')}`,
      },
      payload: new URLSearchParams({
        grant_type: 'client_credentials',
        resource: `${config.endpoint}/api`,
        scope: 'all',
      }).toString(),
    });
    if (response.statusCode !== 200) throw new Error(`token request failed: ${response.statusCode} ${response.body}`);
    const body = response.json() as { access_token: string; expires_in: number };
    cached = { token: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
    return body.access_token;
  };

  const api: TestGuildhall['api'] = async (method, url, body, headers = {}) => {
    const response = await inject({
      method,
      url,
      headers: { authorization: `Bearer ${await managementToken()}`, ...headers },
      ...(body === undefined ? {} : typeof body === 'string' ? { payload: body } : { payload: body as object }),
    });
    let parsed: unknown = undefined;
    try {
      parsed = response.body ? JSON.parse(response.body) : undefined;
    } catch {
      parsed = response.body;
    }
    return { status: response.statusCode, headers: response.headers, body: parsed, text: response.body };
  };

  const test: TestGuildhall = {
    ...guildhall,
    config,
    api,
    admin: ADMIN,
    managementToken,
    inject,
    database: handle,
    async close() {
      await guildhall.close();
      await handle.close();
      await database.cleanup();
    },
  };
  after(() => test.close());
  return test;
}
