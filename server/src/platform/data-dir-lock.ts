import fs from 'node:fs/promises';
import path from 'node:path';

export class DataDirectoryInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by process ${pid}. Stop that Guildhall first, ` +
        'or point GUILDHALL_DATA_DIR elsewhere (the embedded database serves one process only).',
    );
    this.name = 'DataDirectoryInUseError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite has no lock of its own: two processes opening one data directory would corrupt it. The
 * first to create `guildhall.lock` (O_EXCL) owns the directory; a lock left by a process that is
 * gone (a crash, SIGKILL) is taken over. Returns the release function.
 */
export async function lockDataDirectory(dataDir: string): Promise<() => Promise<void>> {
  const file = path.join(dataDir, 'guildhall.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await fs.open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return async () => {
        const owner = Number(await fs.readFile(file, 'utf8').catch(() => ''));
        if (owner === process.pid) await fs.rm(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await fs.readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new DataDirectoryInUseError(dataDir, owner);
      }
      await fs.rm(file, { force: true });
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}
