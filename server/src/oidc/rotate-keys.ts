/**
 * Rotates the token signing key: `npm run rotate-keys --workspace server [-- --overlap-seconds N]`.
 * Uses the same configuration as the server (DATABASE_URL or GUILDHALL_DATA_DIR). Every running
 * node picks the new key up within GUILDHALL_KEY_RELOAD_SECONDS (60 s by default); the previous
 * key stays published in JWKS for the overlap (default 24 h: the longest access-token lifetime),
 * so tokens it signed keep verifying until they expire. See docs/signing-keys.md.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../platform/config.ts';
import { openDatabase } from '../platform/database.ts';
import { migrate } from '../platform/migrate.ts';
import { loadSigningKeys, rotateSigningKey } from './keys.ts';

export const DEFAULT_OVERLAP_SECONDS = 24 * 3600;

const { values } = parseArgs({ options: { 'overlap-seconds': { type: 'string' } } });
const overlap = values['overlap-seconds'] === undefined ? DEFAULT_OVERLAP_SECONDS : Number(values['overlap-seconds']);
if (!Number.isInteger(overlap) || overlap < 0) {
  console.error(`--overlap-seconds must be a non-negative integer, got "${values['overlap-seconds']}"`);
  process.exit(1);
}

const config = loadConfig();
const database = await openDatabase(config);
try {
  await migrate(database.db);
  await loadSigningKeys(database.db); // makes sure there is a key to retire on a fresh database
  const { kid } = await rotateSigningKey(database.db, overlap);
  const keys = await loadSigningKeys(database.db);
  console.log(`New signing key ${kid}. Published keys: ${keys.map((key) => `${key.kid}${key.retired ? ' (retired)' : ' (active)'}`).join(', ')}.`);
  console.log(`Retired keys stay published for ${overlap} s; nodes switch within GUILDHALL_KEY_RELOAD_SECONDS.`);
} finally {
  await database.close();
}
