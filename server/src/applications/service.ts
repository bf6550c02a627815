import type { Executor } from '../platform/database.ts';
import { ApiError } from '../platform/errors.ts';
import { generateSecret, nanoid } from '../platform/ids.ts';
import type { Page } from '../platform/pagination.ts';
import type { ApplicationType } from '../platform/schema.ts';
import * as queries from './queries.ts';
import type { CreateApplicationBody, UpdateApplicationBody } from './schemas.ts';

/** Applications Guildhall creates for itself; the API cannot change or delete them. */
export const CONSOLE_APPLICATION_ID = 'guildhall-console';
const PROTECTED = new Set([CONSOLE_APPLICATION_ID]);

/** Whether the application is one of Guildhall's own, which the API cannot change. */
export const isProtectedApplication = (id: string) => PROTECTED.has(id);

export async function getApplication(db: Executor, id: string) {
  const app = await queries.findApplicationById(db, id);
  if (!app) throw new ApiError('entity.not_exists_with_id', { name: 'application', id });
  return app;
}

export async function createApplication(db: Executor, input: CreateApplicationBody, id = nanoid(21), secret = generateSecret()) {
  await db
    .insertInto('applications')
    .values({
      id,
      name: input.name,
      description: input.description ?? null,
      type: input.type,
      secret,
      oidcClientMetadata: JSON.stringify({
        redirectUris: input.oidcClientMetadata?.redirectUris ?? [],
        postLogoutRedirectUris: input.oidcClientMetadata?.postLogoutRedirectUris ?? [],
      }),
      customClientMetadata: JSON.stringify(input.customClientMetadata ?? {}),
      isThirdParty: input.isThirdParty ?? false,
    })
    .execute();
  return { ...(await getApplication(db, id)), secret };
}

export async function updateApplication(db: Executor, id: string, input: UpdateApplicationBody) {
  if (PROTECTED.has(id)) throw new ApiError('application.protected');
  const current = await getApplication(db, id);
  const { oidcClientMetadata, customClientMetadata, ...columns } = input;
  const update = {
    ...columns,
    ...(oidcClientMetadata === undefined
      ? {}
      : { oidcClientMetadata: JSON.stringify({ ...current.oidcClientMetadata, ...oidcClientMetadata }) }),
    ...(customClientMetadata === undefined ? {} : { customClientMetadata: JSON.stringify(customClientMetadata) }),
  };
  // An empty PATCH (or one whose keys were all unknown, hence stripped) changes nothing.
  if (Object.keys(update).length === 0) return current;
  await db.updateTable('applications').set(update).where('id', '=', id).execute();
  return getApplication(db, id);
}

export async function deleteApplication(db: Executor, id: string) {
  if (PROTECTED.has(id)) throw new ApiError('application.protected');
  const result = await db.deleteFrom('applications').where('id', '=', id).executeTakeFirst();
  if (result.numDeletedRows === 0n) throw new ApiError('entity.not_exists_with_id', { name: 'application', id });
}

export async function listSecrets(db: Executor, id: string) {
  const row = await db.selectFrom('applications').select(['secret', 'createdAt', 'type']).where('id', '=', id).executeTakeFirst();
  if (!row) throw new ApiError('entity.not_exists_with_id', { name: 'application', id });
  return row.type === 'SPA' || row.type === 'Native' ? [] : [{ name: 'default', value: row.secret, createdAt: row.createdAt }];
}

/** Replaces the secret; the old one stops working at once. */
export async function regenerateSecret(db: Executor, id: string) {
  if (PROTECTED.has(id)) throw new ApiError('application.protected');
  const secret = generateSecret();
  const result = await db.updateTable('applications').set({ secret }).where('id', '=', id).executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new ApiError('entity.not_exists_with_id', { name: 'application', id });
  return { ...(await getApplication(db, id)), secret };
}

export function listApplications(
  db: Executor,
  filter: { search?: string | undefined; types?: ApplicationType[] | undefined; excludeOrganizationId?: string | undefined },
  page: Page,
) {
  return queries.listApplications(db, filter, page);
}
