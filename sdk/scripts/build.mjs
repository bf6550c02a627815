#!/usr/bin/env node
// Builds the published package: ESM JavaScript and declarations in dist/ (tsc with
// tsconfig.build.json, which rewrites the sources' `.ts` import extensions to `.js`), plus the
// generated Management API types, which tsc does not copy because they are a .d.ts file.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const sdk = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(sdk, 'dist');
fs.rmSync(dist, { recursive: true, force: true });

const tsc = path.join(sdk, '../node_modules/.bin/tsc');
const result = spawnSync(fs.existsSync(tsc) ? tsc : 'tsc', ['-p', path.join(sdk, 'tsconfig.build.json')], { stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);

fs.copyFileSync(path.join(sdk, 'src/management/schema.d.ts'), path.join(dist, 'management/schema.d.ts'));

// Declarations keep the sources' `.ts` specifiers; point them at the emitted `.js` files so that
// consumers without allowImportingTsExtensions resolve them.
for (const file of fs.readdirSync(dist, { recursive: true })) {
  if (!String(file).endsWith('.d.ts')) continue;
  const target = path.join(dist, String(file));
  const text = fs.readFileSync(target, 'utf8');
  const fixed = text.replace(/(from\s+'\.{1,2}\/[^']*?)\.ts'/g, "$1.js'").replace(/(import\('\.{1,2}\/[^']*?)\.ts'\)/g, "$1.js')");
  if (fixed !== text) fs.writeFileSync(target, fixed);
}
console.log(`built ${path.relative(process.cwd(), dist)}`);
