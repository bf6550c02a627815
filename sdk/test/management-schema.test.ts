import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { it } from 'node:test';
import { generateManagementTypes, schemaFile } from '../scripts/generate-management-types.ts';

it('the committed Management API types match the server’s current OpenAPI document', async () => {
  const committed = await fs.readFile(schemaFile, 'utf8');
  const fresh = await generateManagementTypes();
  assert.ok(
    committed === fresh,
    'sdk/src/management/schema.d.ts is stale: run `npm run generate-management-types -w sdk` and commit it',
  );
});
