import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const workload = path.join(root, 'server/test/platform/fixtures/pretenuring-workload.mjs');

/** How many allocation sites V8 reported pretenuring feedback for while the workload ran. */
function pretenuringFeedback(off: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--trace-pretenuring-statistics', workload], {
      cwd: root,
      env: { ...process.env, PRETENURING_OFF: off ? '1' : '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`the workload exited with ${code}`));
      else resolve(output.split('\n').filter((line) => line.includes('pretenuring: AllocationSite')).length);
    });
  });
}

describe('V8 heap settings (platform/v8-heap.ts)', () => {
  it('stop V8 from pretenuring allocation sites in the running process', async () => {
    // Without the module, V8 weighs (and on Node 20 decides) pretenuring for the workload's site;
    // so the check below can fail.
    assert.ok((await pretenuringFeedback(false)) > 0, 'V8 reported no pretenuring feedback for the workload by itself');
    assert.equal(await pretenuringFeedback(true), 0);
  });

  it('are the first thing the server entry point imports', async () => {
    // ESM evaluates imports in order, so the flag is off before any other module allocates.
    const source = await fs.readFile(path.join(root, 'server/src/main.ts'), 'utf8');
    assert.equal(source.split('\n').find((line) => line.startsWith('import ')), "import './platform/v8-heap.ts';");
  });
});
