#!/usr/bin/env node
// The whole test suite: type-check, then every test file on the embedded database (PGlite);
// again on PostgreSQL when TEST_DATABASE_URL is set; then the browser tests when Chromium is
// installed (CI installs it). Usage: npm test [-- --only server|sdk|e2e] [-- files or directories…]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const args = process.argv.slice(2);
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? args.splice(onlyIndex, 2)[1] : undefined;

function run(label, command, commandArgs, env = {}) {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`✖ ${label} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

function findTests(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.test.ts'))
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}

// Files or directories named on the command line (a directory means every test file under it).
const explicitFiles = args
  .filter((arg) => !arg.startsWith('-'))
  .flatMap((arg) => (fs.existsSync(arg) && fs.statSync(arg).isDirectory() ? findTests(arg) : [arg]));
if (args.some((arg) => !arg.startsWith('-')) && explicitFiles.length === 0) {
  console.error('✖ no test files under the paths given');
  process.exit(1);
}

const tsc = path.join(root, 'node_modules/.bin/tsc');
if (!only && explicitFiles.length === 0) {
  for (const project of ['server', 'sdk', 'console', 'examples', 'e2e']) {
    if (fs.existsSync(path.join(project, 'tsconfig.json'))) run(`type-check ${project}`, tsc, ['-p', project]);
  }
}

// One migrated PGlite directory, copied by each test file (opening a copy beats migrating anew).
// Unique per run, so that runs side by side do not share it.
const template = path.join(root, `.tmp/pglite-template-${process.pid}`);
fs.rmSync(template, { recursive: true, force: true });
process.on('exit', () => fs.rmSync(template, { recursive: true, force: true }));
run('prepare the embedded test database', process.execPath, ['--import', 'tsx', 'scripts/prepare-test-database.ts', template]);

const nodeTestArgs = (files) => ['--conditions=guildhall-source', '--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files];
const serverFiles = explicitFiles.length ? explicitFiles : findTests('server/test').concat(findTests('examples'));
const sdkFiles = explicitFiles.length ? [] : findTests('sdk/test');

if (!only || only === 'server' || only === 'sdk') {
  const files = only === 'server' ? serverFiles : only === 'sdk' ? sdkFiles : [...serverFiles, ...sdkFiles];
  run(`tests on the embedded database (${files.length} files)`, process.execPath, nodeTestArgs(files), {
    GUILDHALL_TEST_PGLITE_TEMPLATE: template,
    TEST_DATABASE_URL: '',
  });
  if (process.env.TEST_DATABASE_URL && only !== 'sdk') {
    run(`tests on PostgreSQL (${serverFiles.length} files)`, process.execPath, nodeTestArgs(serverFiles));
  } else if (only !== 'sdk') {
    console.log('\nℹ TEST_DATABASE_URL is not set: the PostgreSQL pass was skipped (.ci/run sets it).');
  }
}

const e2eFiles = explicitFiles.length ? [] : findTests('e2e');
if ((!only || only === 'e2e') && e2eFiles.length) {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (fs.existsSync(chromium)) {
    const browserArgs = [...nodeTestArgs([]).filter((a) => !a.startsWith('--test-concurrency')), '--test-concurrency=1', ...e2eFiles];
    run(`browser tests (${e2eFiles.length} files)`, process.execPath, browserArgs, {
      GUILDHALL_TEST_PGLITE_TEMPLATE: template,
      CHROMIUM_PATH: chromium,
    });
  } else if (process.env.CI) {
    console.error(`✖ Chromium not found at ${chromium}; browser tests cannot run.`);
    process.exit(1);
  } else {
    console.log(`\nℹ Chromium not found at ${chromium}: browser tests skipped (apt-get install chromium).`);
  }
}
console.log('\n✔ all test passes succeeded');
