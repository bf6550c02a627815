import { sql } from 'kysely';
import type { Executor } from '../../platform/database.ts';
import { optionallyPaged, type Page } from '../../platform/pagination.ts';
import { ORGANIZATION_COLUMNS } from '../queries.ts';
import { idValues } from '../role-refs.ts';

/** The organizations a user granted a third-party application, newest first as in the organization list. */
export async function listConsentedOrganizations(db: Executor, applicationId: string, userId: string, page: Page | undefined) {
  const consents = db
    .selectFrom('applicationUserConsentOrganizations as c')
    .where('c.applicationId', '=', applicationId)
    .where('c.userId', '=', userId);
  return optionallyPaged(
    consents
      .innerJoin('organizations', 'organizations.id', 'c.organizationId')
      .select(ORGANIZATION_COLUMNS)
      .orderBy('organizations.createdAt', 'desc')
      .orderBy('organizations.id', 'desc'),
    () => consents.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
    page,
  );
}

/**
 * Grants organizations in one statement, idempotently. A non-member fails the membership foreign
 * key and a first-party application the third-party check (both 422): then nothing is granted.
 */
export async function insertConsents(db: Executor, applicationId: string, userId: string, organizationIds: string[]) {
  if (organizationIds.length === 0) return;
  await sql`
    insert into application_user_consent_organizations (application_id, user_id, organization_id)
    select ${applicationId}, ${userId}, o.id from ${idValues(organizationIds)} as o (id)
    on conflict do nothing`.execute(db);
}

export async function deleteConsents(db: Executor, applicationId: string, userId: string, organizationId?: string) {
  let query = db
    .deleteFrom('applicationUserConsentOrganizations')
    .where('applicationId', '=', applicationId)
    .where('userId', '=', userId);
  if (organizationId !== undefined) query = query.where('organizationId', '=', organizationId);
  return Number((await query.executeTakeFirst()).numDeletedRows);
}

/** The application, when it exists, with whether it is third-party. */
export function findApplication(db: Executor, applicationId: string) {
  return db.selectFrom('applications').select(['id', 'isThirdParty']).where('id', '=', applicationId).executeTakeFirst();
}

/**
 * Holds the user row (without blocking foreign-key checks on it) until the transaction ends, so
 * that two replacements of the same user's consents serialize instead of merging. False when the
 * user does not exist.
 */
export async function lockUser(db: Executor, userId: string): Promise<boolean> {
  return (await db.selectFrom('users').select('id').where('id', '=', userId).forNoKeyUpdate().executeTakeFirst()) !== undefined;
}


/** The user's active organizations, oldest membership first, each with whether it is granted to the application: the consent page's choices. */
export function listConsentChoices(db: Executor, applicationId: string, userId: string) {
  return db
    .selectFrom('organizationUserRelations as m')
    .innerJoin('organizations as o', 'o.id', 'm.organizationId')
    .where('m.userId', '=', userId)
    .where('m.status', '=', 'Active')
    .select(['o.id', 'o.name'])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('applicationUserConsentOrganizations as c')
            .select('c.organizationId')
            .where('c.applicationId', '=', applicationId)
            .whereRef('c.userId', '=', 'm.userId')
            .whereRef('c.organizationId', '=', 'm.organizationId'),
        )
        .$castTo<boolean>()
        .as('granted'),
    )
    .orderBy('m.joinedAt')
    .orderBy('o.id')
    .execute();
}
