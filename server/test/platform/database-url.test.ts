import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { describeConnectionFailure } from '../../src/platform/database.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Starts Guildhall as `npm start` does and collects what it prints until it exits. */
function start(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      cwd: root,
      env: { ...process.env, PORT: '0', GUILDHALL_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('a DATABASE_URL that cannot be used', () => {
  it('stops start-up with one clear sentence, without the password', async () => {
    const { code, output } = await start({ DATABASE_URL: 'postgres://guildhall:s3cret@127.0.0.1:1/guildhall' });
    assert.equal(code, 1, output);
    assert.match(output, /Cannot use PostgreSQL at postgres:\/\/guildhall:\*\*\*@127\.0\.0\.1:1\/guildhall: nothing is listening there \(ECONNREFUSED\)\. Check DATABASE_URL\./);
    assert.doesNotMatch(output, /s3cret/);
    assert.doesNotMatch(output, /at .*node_modules/, 'no stack trace for an operator mistake');
  });

  it('names the usual PostgreSQL refusals, and leaves other errors alone', () => {
    const url = 'postgres://app@db.internal:5432/guildhall';
    assert.match(describeConnectionFailure({ code: '3D000' }, url)!, /the database does not exist/);
    assert.match(describeConnectionFailure({ code: '28P01' }, url)!, /the password was refused/);
    assert.match(describeConnectionFailure({ code: 'ENOTFOUND' }, url)!, /does not resolve/);
    assert.equal(describeConnectionFailure(new Error('boom'), url), undefined);
    assert.equal(describeConnectionFailure({ code: '23505' }, url), undefined);
  });
});
