import type { Db, Executor } from '../../platform/database.ts';
import { ApiError } from '../../platform/errors.ts';
import { uniqueIds } from '../../platform/ids.ts';
import type { Page } from '../../platform/pagination.ts';
import { toOrganization } from '../shape.ts';
import { userExists } from '../members/queries.ts';
import * as queries from './queries.ts';
import type { AssignUserConsentScopesBody, ConsentScopeType } from './schemas.ts';
import * as scopeQueries from './scope-queries.ts';

/**
 * Organization consents of third-party applications (reference §2.9): which of a user's
 * organizations an application may ask organization tokens and claims for. The user grants them
 * on the consent page; administrators read and change them here.
 */
async function requireThirdParty(db: Executor, applicationId: string) {
  const application = await queries.findApplication(db, applicationId);
  if (!application) throw new ApiError('entity.not_exists_with_id', { name: 'application', id: applicationId });
  if (!application.isThirdParty) throw new ApiError('application.third_party_application_only', { applicationId });
}

const userNotFound = (userId: string) => new ApiError('entity.not_exists_with_id', { name: 'user', id: userId });

async function requirePair(db: Executor, applicationId: string, userId: string) {
  await requireThirdParty(db, applicationId);
  if (!(await userExists(db, userId))) throw userNotFound(userId);
}

export async function listConsentedOrganizations(db: Executor, applicationId: string, userId: string, page: Page | undefined) {
  await requirePair(db, applicationId, userId);
  const { rows, total } = await queries.listConsentedOrganizations(db, applicationId, userId, page);
  return { organizations: rows.map(toOrganization), total };
}

/** Adds to what was granted. The user must be a member of every organization (422 otherwise; nothing is added). */
export async function grantOrganizations(db: Executor, applicationId: string, userId: string, organizationIds: string[]) {
  await requirePair(db, applicationId, userId);
  await queries.insertConsents(db, applicationId, userId, uniqueIds(organizationIds));
}

/** Replaces what was granted, in one transaction (an empty list withdraws every consent). */
export async function replaceOrganizations(db: Db, applicationId: string, userId: string, organizationIds: string[]) {
  await db.transaction().execute(async (trx) => {
    await requireThirdParty(trx, applicationId);
    if (!(await queries.lockUser(trx, userId))) throw userNotFound(userId);
    await queries.deleteConsents(trx, applicationId, userId);
    await queries.insertConsents(trx, applicationId, userId, uniqueIds(organizationIds));
  });
}

export async function withdrawOrganization(db: Executor, applicationId: string, userId: string, organizationId: string) {
  await requirePair(db, applicationId, userId);
  if ((await queries.deleteConsents(db, applicationId, userId, organizationId)) === 0) {
    throw new ApiError('entity.not_found', { applicationId, userId, organizationId });
  }
}

/** The consent page's organization choices (the user's active memberships). */
export const listConsentChoices = queries.listConsentChoices;

/**
 * What the user chose on the consent page becomes the application's consents: the chosen
 * organizations among the user's active memberships (anything else in the form is ignored).
 */
export async function recordConsentChoice(db: Db, applicationId: string, userId: string, chosen: string[]) {
  const choices = await queries.listConsentChoices(db, applicationId, userId);
  const wanted = new Set(chosen);
  await replaceOrganizations(db, applicationId, userId, choices.filter((choice) => wanted.has(choice.id)).map((choice) => choice.id));
}

/**
 * User consent scopes of a third-party application (reference §2.9): what it may ask users for.
 * The consent page offers only these and the token endpoint holds permissions to them
 * (oidc/consent-scopes.ts).
 */
export async function listConsentScopes(db: Executor, applicationId: string) {
  await requireThirdParty(db, applicationId);
  return scopeQueries.listConsentScopes(db, applicationId);
}

/** Adds to the consent scopes in one transaction: an unknown id anywhere adds nothing (422). */
export async function assignConsentScopes(db: Db, applicationId: string, body: AssignUserConsentScopesBody) {
  await db.transaction().execute(async (trx) => {
    await requireThirdParty(trx, applicationId);
    await scopeQueries.insertConsentScopes(trx, applicationId, {
      organizationScopes: uniqueIds(body.organizationScopes ?? []),
      resourceScopes: uniqueIds(body.resourceScopes ?? []),
      organizationResourceScopes: uniqueIds(body.organizationResourceScopes ?? []),
      userScopes: uniqueIds(body.userScopes ?? []),
    });
  });
  return scopeQueries.listConsentScopes(db, applicationId);
}

export async function removeConsentScope(db: Executor, applicationId: string, type: ConsentScopeType, scopeId: string) {
  await requireThirdParty(db, applicationId);
  if ((await scopeQueries.deleteConsentScope(db, applicationId, type, scopeId)) === 0) {
    throw new ApiError('entity.not_found', { applicationId, scopeType: type, scopeId });
  }
}
