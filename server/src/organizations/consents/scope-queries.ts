import { sql } from 'kysely';
import type { Executor } from '../../platform/database.ts';
import { idValues } from '../role-refs.ts';
import type { ConsentScopeType, UserConsentScopes, UserScope } from './schemas.ts';

/** The two tables of API permissions: for tokens without an organization, and for tokens of one. */
const RESOURCE_TABLES = {
  resourceScopes: 'applicationUserConsentResourceScopes',
  organizationResourceScopes: 'applicationUserConsentOrganizationResourceScopes',
} as const;
type ResourceKind = keyof typeof RESOURCE_TABLES;

function listOrganizationScopes(db: Executor, applicationId: string) {
  return db
    .selectFrom('applicationUserConsentOrganizationScopes as c')
    .innerJoin('organizationScopes as s', 's.id', 'c.organizationScopeId')
    .where('c.applicationId', '=', applicationId)
    .select(['s.id', 's.name', 's.description'])
    .orderBy('s.name')
    .orderBy('s.id')
    .execute();
}

/** API permissions grouped by resource, resources and scopes by name. */
async function listResourceScopes(db: Executor, applicationId: string, kind: ResourceKind) {
  const rows = await db
    .selectFrom(`${RESOURCE_TABLES[kind]} as c` as 'applicationUserConsentResourceScopes as c')
    .innerJoin('scopes as s', 's.id', 'c.scopeId')
    .innerJoin('resources as r', 'r.id', 's.resourceId')
    .where('c.applicationId', '=', applicationId)
    .select(['s.id', 's.name', 's.description', 'r.id as resourceId', 'r.name as resourceName', 'r.indicator'])
    .orderBy('r.name')
    .orderBy('r.id')
    .orderBy('s.name')
    .orderBy('s.id')
    .execute();
  const groups: UserConsentScopes['resourceScopes'] = [];
  for (const row of rows) {
    let group = groups.at(-1);
    if (group?.resource.id !== row.resourceId) {
      group = { resource: { id: row.resourceId, name: row.resourceName, indicator: row.indicator }, scopes: [] };
      groups.push(group);
    }
    group.scopes.push({ id: row.id, name: row.name, description: row.description });
  }
  return groups;
}

async function listUserScopes(db: Executor, applicationId: string) {
  const rows = await db
    .selectFrom('applicationUserConsentUserScopes')
    .where('applicationId', '=', applicationId)
    .select('userScope')
    .orderBy('userScope')
    .execute();
  return rows.map((row) => row.userScope as UserScope);
}

export async function listConsentScopes(db: Executor, applicationId: string): Promise<UserConsentScopes> {
  const [organizationScopes, resourceScopes, organizationResourceScopes, userScopes] = await Promise.all([
    listOrganizationScopes(db, applicationId),
    listResourceScopes(db, applicationId, 'resourceScopes'),
    listResourceScopes(db, applicationId, 'organizationResourceScopes'),
    listUserScopes(db, applicationId),
  ]);
  return { organizationScopes, resourceScopes, organizationResourceScopes, userScopes };
}

/** Each kind of consent scope: its table, the column naming the scope, and its `:scopeType` in the API. */
const KINDS = {
  organizationScopes: { type: 'organization-scopes', table: 'application_user_consent_organization_scopes', column: 'organization_scope_id' },
  resourceScopes: { type: 'resource-scopes', table: 'application_user_consent_resource_scopes', column: 'scope_id' },
  organizationResourceScopes: { type: 'organization-resource-scopes', table: 'application_user_consent_organization_resource_scopes', column: 'scope_id' },
  userScopes: { type: 'user-scopes', table: 'application_user_consent_user_scopes', column: 'user_scope' },
} as const satisfies Record<keyof UserConsentScopes, { type: ConsentScopeType; table: string; column: string }>;

/**
 * Adds consent scopes, idempotently, one statement per kind. An unknown scope id fails its foreign
 * key (422) and a first-party application the third-party check (422).
 */
export async function insertConsentScopes(db: Executor, applicationId: string, scopes: Record<keyof UserConsentScopes, string[]>) {
  for (const [kind, { table, column }] of Object.entries(KINDS) as Array<[keyof UserConsentScopes, (typeof KINDS)[keyof UserConsentScopes]]>) {
    if (scopes[kind].length === 0) continue;
    await sql`
      insert into ${sql.table(table)} (application_id, ${sql.ref(column)})
      select ${applicationId}, s.id from ${idValues(scopes[kind])} as s (id)
      on conflict do nothing`.execute(db);
  }
}

/** Removes one consent scope; returns how many rows went (0 or 1). */
export async function deleteConsentScope(db: Executor, applicationId: string, type: ConsentScopeType, scopeId: string) {
  const { table, column } = Object.values(KINDS).find((kind) => kind.type === type)!;
  const result = await sql`delete from ${sql.table(table)} where application_id = ${applicationId} and ${sql.ref(column)} = ${scopeId}`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}
