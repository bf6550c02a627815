import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { after, describe, it } from 'node:test';
import { serveConsole } from '../../src/console/static.ts';
import { createHttpServer } from '../../src/platform/http.ts';

const dist = await fs.mkdtemp(path.join(os.tmpdir(), 'guildhall-console-dist-'));
await fs.mkdir(path.join(dist, 'assets'));
await fs.writeFile(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div><script src="/console/assets/index-abc123.js"></script>');
await fs.writeFile(path.join(dist, 'assets/index-abc123.js'), 'console.log("hi")');
// Precompressed copies, as the Console's build writes them.
await fs.writeFile(path.join(dist, 'assets/index-abc123.js.br'), zlib.brotliCompressSync('console.log("hi")'));
await fs.writeFile(path.join(dist, 'assets/index-abc123.js.gz'), zlib.gzipSync('console.log("hi")'));
await fs.writeFile(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
await fs.writeFile(path.join(os.tmpdir(), 'guildhall-secret.txt'), 'secret');

async function appWith(distDir: string) {
  const app = createHttpServer({ logLevel: 'silent' });
  await serveConsole(app, { distDir });
  await app.ready();
  after(() => app.close());
  return app;
}

const app = await appWith(dist);
after(() => fs.rm(dist, { recursive: true, force: true }));

describe('serving the Console build', () => {
  it('serves index.html at /console and /console/ with no-cache and a CSP', async () => {
    for (const url of ['/console', '/console/']) {
      const response = await app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 200, url);
      assert.match(response.headers['content-type'] as string, /text\/html/);
      assert.equal(response.headers['cache-control'], 'no-cache');
      assert.match(response.headers['content-security-policy'] as string, /script-src 'self'/);
      assert.match(response.body, /<div id="root">/);
    }
  });

  it('falls back to index.html for client routes', async () => {
    for (const url of ['/console/organizations', '/console/organizations/abc/members', '/console/callback?code=x&state=y']) {
      const response = await app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 200, url);
      assert.equal(response.headers['cache-control'], 'no-cache');
      assert.match(response.body, /<div id="root">/);
    }
  });

  it('serves hashed assets as immutable for a year', async () => {
    const response = await app.inject({ method: 'GET', url: '/console/assets/index-abc123.js' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.match(response.headers['content-type'] as string, /javascript/);
    assert.equal(response.body, 'console.log("hi")');
  });

  it('serves the precompressed copy the browser accepts, with vary: accept-encoding', async () => {
    const url = '/console/assets/index-abc123.js';
    const brotli = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    assert.equal(brotli.statusCode, 200);
    assert.equal(brotli.headers['content-encoding'], 'br');
    assert.equal(zlib.brotliDecompressSync(brotli.rawPayload).toString(), 'console.log("hi")');
    assert.equal(brotli.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.match(brotli.headers['content-type'] as string, /javascript/);
    assert.match(String(brotli.headers.vary), /accept-encoding/i);

    const gzip = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gzip.headers['content-encoding'], 'gzip');
    assert.equal(zlib.gunzipSync(gzip.rawPayload).toString(), 'console.log("hi")');

    const plain = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'identity' } });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body, 'console.log("hi")');
    assert.match(String(plain.headers.vary), /accept-encoding/i);

    // The copies themselves are not addressable.
    assert.equal((await app.inject({ method: 'GET', url: `${url}.br` })).statusCode, 404);
  });

  it('revalidates unhashed files such as the favicon', async () => {
    const response = await app.inject({ method: 'GET', url: '/console/favicon.svg' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['cache-control'], 'no-cache');
  });

  it('answers 404 for a missing asset instead of the index page', async () => {
    for (const url of ['/console/assets/index-old.js', '/console/missing.png']) {
      const response = await app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 404, url);
      assert.doesNotMatch(response.body, /<div id="root">/);
    }
  });

  it('never serves files outside the build', async () => {
    for (const url of ['/console/../guildhall-secret.txt', '/console/%2e%2e/guildhall-secret.txt', '/console/..%2fguildhall-secret.txt']) {
      const response = await app.inject({ method: 'GET', url });
      assert.notEqual(response.body, 'secret', url);
    }
  });

  it('explains how to build when the build is missing', async () => {
    const missing = await appWith(path.join(dist, 'does-not-exist'));
    const response = await missing.inject({ method: 'GET', url: '/console/organizations' });
    assert.equal(response.statusCode, 503);
    assert.match(response.body, /npm run build --workspace console/);
  });
});
