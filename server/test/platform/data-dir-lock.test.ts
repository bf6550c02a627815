import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { lockDataDirectory } from '../../src/platform/data-dir-lock.ts';

const lockModule = fileURLToPath(new URL('../../src/platform/data-dir-lock.ts', import.meta.url));
/** Tries to lock `dir` from another process; returns its exit status and stderr. */
function lockFromAnotherProcess(dir: string) {
  const script = `import(${JSON.stringify(lockModule)}).then((m) => m.lockDataDirectory(${JSON.stringify(dir)})).then(() => process.exit(0), (e) => { console.error(e.message); process.exit(3); });`;
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
}

describe('the embedded database serves one process', () => {
  it('refuses a second process on the same data directory, naming the owner', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'guildhall-lock-'));
    const release = await lockDataDirectory(dir);
    try {
      const other = lockFromAnotherProcess(dir);
      assert.equal(other.status, 3, other.stderr);
      assert.match(other.stderr, new RegExp(`in use by process ${process.pid}`));
    } finally {
      await release();
    }
    // Released: another process may take it now.
    assert.equal(lockFromAnotherProcess(dir).status, 0);
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('takes over a lock left by a process that is gone (a crash)', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'guildhall-lock-'));
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    await fs.writeFile(path.join(dir, 'guildhall.lock'), gone.stdout);
    const release = await lockDataDirectory(dir);
    assert.equal(await fs.readFile(path.join(dir, 'guildhall.lock'), 'utf8'), String(process.pid));
    await release();
    await fs.rm(dir, { recursive: true, force: true });
  });
});
