import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

const sdk = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(fs.readFileSync(path.join(sdk, 'package.json'), 'utf8')) as {
  exports: Record<string, string | Record<string, string>>;
  files: string[];
};

it('builds dist/ whose every export (types and import) exists, imports, and names no .ts file', async () => {
  const build = spawnSync(process.execPath, [path.join(sdk, 'scripts/build.mjs')], { encoding: 'utf8' });
  assert.equal(build.status, 0, build.stdout + build.stderr);
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    if (typeof target === 'string') continue; // ./package.json
    const { types, import: entry } = target;
    assert.ok(types && entry, `${subpath} has types and import conditions`);
    assert.ok(fs.existsSync(path.join(sdk, types)), `${subpath}: ${types} exists`);
    assert.ok(manifest.files.some((file) => entry.startsWith(`./${file}/`)), `${subpath}: ${entry} is published`);
    const module = (await import(pathToFileURL(path.join(sdk, entry)).href)) as Record<string, unknown>;
    assert.ok(Object.keys(module).length > 0, `${subpath} exports something`);
  }
  // Declarations must resolve for consumers without allowImportingTsExtensions.
  for (const file of fs.readdirSync(path.join(sdk, 'dist'), { recursive: true }).map(String)) {
    if (!file.endsWith('.d.ts')) continue;
    const text = fs.readFileSync(path.join(sdk, 'dist', file), 'utf8');
    assert.doesNotMatch(text, /from '\.{1,2}\/[^']*\.ts'/, `${file} imports a .ts specifier`);
  }
  assert.ok(fs.existsSync(path.join(sdk, 'dist/management/schema.d.ts')), 'the generated types are shipped');
  const management = (await import(pathToFileURL(path.join(sdk, 'dist/management/index.js')).href)) as Record<string, unknown>;
  assert.equal(typeof management.createManagementClient, 'function');
});
