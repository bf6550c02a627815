// Creates a migrated PGlite data directory that test files copy instead of migrating anew.
import { openDatabase } from '../server/src/platform/database.ts';
import { migrate } from '../server/src/platform/migrate.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: prepare-test-database.ts <dir>');
const handle = await openDatabase({ dataDir: dir });
await migrate(handle.db);
await handle.close();
