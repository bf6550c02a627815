import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/platform/config.ts';

describe('configuration', () => {
  it('has sensible defaults', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3001);
    assert.equal(config.endpoint, 'http://localhost:3001');
    assert.equal(config.databaseUrl, undefined);
    assert.match(config.dataDir, /data$/);
    assert.equal(config.legacyOrganizationResourceScopes, false);
    assert.deepEqual(config.trustProxy, ['loopback', 'linklocal', 'uniquelocal']);
  });

  it('reads GUILDHALL_TRUST_PROXY as true, false or a list of addresses, ranges and names', () => {
    assert.equal(loadConfig({ GUILDHALL_TRUST_PROXY: 'false' }).trustProxy, false);
    assert.equal(loadConfig({ GUILDHALL_TRUST_PROXY: 'TRUE' }).trustProxy, true);
    assert.deepEqual(loadConfig({ GUILDHALL_TRUST_PROXY: ' 10.1.2.3, 192.168.0.0/16,::1,loopback ' }).trustProxy, [
      '10.1.2.3',
      '192.168.0.0/16',
      '::1',
      'loopback',
    ]);
  });

  it('derives the endpoint from PORT and strips a trailing slash', () => {
    assert.equal(loadConfig({ PORT: '8080' }).endpoint, 'http://localhost:8080');
    assert.equal(loadConfig({ GUILDHALL_ENDPOINT: 'https://id.example.com/' }).endpoint, 'https://id.example.com');
  });

  const invalid: Array<[Record<string, string>, string]> = [
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ GUILDHALL_ENDPOINT: 'localhost:3001' }, 'GUILDHALL_ENDPOINT'],
    [{ GUILDHALL_ENDPOINT: 'ftp://x' }, 'GUILDHALL_ENDPOINT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ GUILDHALL_LOG_LEVEL: 'loud' }, 'GUILDHALL_LOG_LEVEL'],
    [{ GUILDHALL_ADMIN_CLIENT_ID: 'abc' }, 'GUILDHALL_ADMIN_CLIENT_SECRET'],
    [{ GUILDHALL_ADMIN_CLIENT_ID: 'abc', GUILDHALL_ADMIN_CLIENT_SECRET: 'short' }, 'GUILDHALL_ADMIN_CLIENT_SECRET'],
    [{ GUILDHALL_REGISTRATION: 'maybe' }, 'GUILDHALL_REGISTRATION'],
    [{ NODE_ENV: 'production', GUILDHALL_ENDPOINT: 'http://id.example.com' }, 'GUILDHALL_ENDPOINT'],
    [{ GUILDHALL_TRUST_PROXY: 'nginx' }, 'GUILDHALL_TRUST_PROXY'],
    [{ GUILDHALL_TRUST_PROXY: '10.0.0.0/33' }, 'GUILDHALL_TRUST_PROXY'],
    [{ GUILDHALL_TRUST_PROXY: '10.0.0.1,,10.0.0.2' }, 'GUILDHALL_TRUST_PROXY'],
    [{ GUILDHALL_TRUST_PROXY: '2' }, 'GUILDHALL_TRUST_PROXY'],
  ];
  for (const [env, key] of invalid) {
    it(`names ${key} when ${JSON.stringify(env)} is wrong`, () => {
      assert.throws(
        () => loadConfig(env),
        (error) => error instanceof ConfigError && error.key === key && error.message.includes(key),
      );
    });
  }
});
