import type { Executor } from '../../platform/database.ts';
import { optionallyPaged, type Page } from '../../platform/pagination.ts';
import { tenantIdColumn as tenantId } from '../../platform/schemas.ts';

// Email domains ---------------------------------------------------------------------------------

export function listEmailDomains(db: Executor, organizationId: string, page: Page | undefined) {
  const base = db.selectFrom('organizationJitEmailDomains').where('organizationId', '=', organizationId);
  return optionallyPaged(
    base.select(['organizationId', 'emailDomain']).select(tenantId).orderBy('emailDomain'),
    () => base.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
    page,
  );
}

/** Inserts one domain; a domain the organization already has fails on the primary key (422). */
export async function insertEmailDomain(db: Executor, organizationId: string, emailDomain: string) {
  await db.insertInto('organizationJitEmailDomains').values({ organizationId, emailDomain }).execute();
}

export async function linkEmailDomains(db: Executor, organizationId: string, emailDomains: string[]) {
  if (emailDomains.length === 0) return;
  await db
    .insertInto('organizationJitEmailDomains')
    .values(emailDomains.map((emailDomain) => ({ organizationId, emailDomain })))
    .onConflict((c) => c.doNothing())
    .execute();
}

export async function unlinkAllEmailDomains(db: Executor, organizationId: string) {
  await db.deleteFrom('organizationJitEmailDomains').where('organizationId', '=', organizationId).execute();
}

export async function deleteEmailDomain(db: Executor, organizationId: string, emailDomain: string): Promise<boolean> {
  const result = await db
    .deleteFrom('organizationJitEmailDomains')
    .where('organizationId', '=', organizationId)
    .where('emailDomain', '=', emailDomain)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

// Default roles ---------------------------------------------------------------------------------

export function listRoles(db: Executor, organizationId: string, page: Page | undefined) {
  const base = db
    .selectFrom('organizationJitRoles as j')
    .innerJoin('organizationRoles as r', 'r.id', 'j.organizationRoleId')
    .where('j.organizationId', '=', organizationId);
  return optionallyPaged(
    base.select(['r.id', 'r.name', 'r.description', 'r.type']).select(tenantId).orderBy('r.name').orderBy('r.id'),
    () => base.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
    page,
  );
}

export async function linkRoles(db: Executor, organizationId: string, roleIds: string[]) {
  if (roleIds.length === 0) return;
  await db
    .insertInto('organizationJitRoles')
    .values(roleIds.map((organizationRoleId) => ({ organizationId, organizationRoleId })))
    .onConflict((c) => c.doNothing())
    .execute();
}

export async function unlinkAllRoles(db: Executor, organizationId: string) {
  await db.deleteFrom('organizationJitRoles').where('organizationId', '=', organizationId).execute();
}

export async function unlinkRole(db: Executor, organizationId: string, roleId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('organizationJitRoles')
    .where('organizationId', '=', organizationId)
    .where('organizationRoleId', '=', roleId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
