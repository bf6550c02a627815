import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import pg from 'pg';
import { buildGuildhall } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { openDatabase } from '../../src/platform/database.ts';
import { migrate } from '../../src/platform/migrate.ts';

async function clientCredentials(app: Awaited<ReturnType<typeof buildGuildhall>>['app'], id: string, secret: string) {
  return app.inject({
    method: 'POST',
    url: '/oidc/token',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
    },
    payload: `grant_type=client_credentials&scope=all&resource=${encodeURIComponent('http://localhost:3001/api')}`,
  });
}

describe('start-up', () => {
  it('creates a bootstrap admin app once, and keeps data across a restart of the embedded database', { skip: Boolean(process.env.TEST_DATABASE_URL) }, async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'guildhall-restart-'));
    const template = process.env.GUILDHALL_TEST_PGLITE_TEMPLATE;
    if (template) await fs.cp(template, dataDir, { recursive: true });
    try {
      const config = loadConfig({ GUILDHALL_DATA_DIR: dataDir, GUILDHALL_LOG_LEVEL: 'silent' });
      const first = await buildGuildhall(config);
      const created = first.bootstrap.createdAdminApp;
      assert.ok(created, 'the first start creates an admin app');
      const token = await clientCredentials(first.app, created.id, created.secret);
      assert.equal(token.statusCode, 200, token.body);
      const accessToken = token.json().access_token;
      const user = await first.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: { authorization: `Bearer ${accessToken}` },
        payload: { username: 'survivor' },
      });
      assert.equal(user.statusCode, 200);
      await first.close();

      const second = await buildGuildhall(config);
      try {
        assert.equal(second.bootstrap.createdAdminApp, undefined, 'no second admin app, no secret printed again');
        // Signing keys live in the database, so a token from before the restart still verifies.
        const fetched = await second.app.inject({
          method: 'GET',
          url: `/api/users/${user.json().id}`,
          headers: { authorization: `Bearer ${accessToken}` },
        });
        assert.equal(fetched.statusCode, 200);
        assert.equal(fetched.json().username, 'survivor');
      } finally {
        await second.close();
      }
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });

  it('applies migrations once when several nodes start together', { skip: !process.env.TEST_DATABASE_URL }, async () => {
    const base = process.env.TEST_DATABASE_URL!;
    const name = `gh_migrate_${process.pid}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    try {
      const nodes = await Promise.all([1, 2, 3].map(() => openDatabase({ databaseUrl: url.href, dataDir: '' })));
      const results = await Promise.all(nodes.map((node) => migrate(node.db)));
      const applied = results.flatMap((result) => result.applied);
      assert.equal(new Set(applied).size, applied.length, 'each migration applied by exactly one node');
      assert.ok(applied.includes('0001-core'));
      await Promise.all(nodes.map((node) => node.close()));
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
