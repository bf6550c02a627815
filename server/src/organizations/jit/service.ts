import { domainToASCII } from 'node:url';
import type { Db, Executor } from '../../platform/database.ts';
import { ApiError } from '../../platform/errors.ts';
import type { Page } from '../../platform/pagination.ts';
import { linkService } from '../../platform/relation-service.ts';
import type { RelationService } from '../../platform/relation-routes.ts';
import { TENANT_ID } from '../../platform/schemas.ts';
import { lockOrganization } from '../queries.ts';
import * as queries from './queries.ts';
import type { JitEmailDomain } from './schemas.ts';

/** The length of the column; DNS allows 253, but Logto's limit is kept for compatibility. */
const MAX_DOMAIN_LENGTH = 128;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

const missingOrganization = (id: string) => new ApiError('entity.not_exists_with_id', { name: 'organization', id });

/**
 * The stored form of an email domain: trimmed, lower case, IDNA ASCII (`Bücher.Example` →
 * `xn--bcher-kva.example`), at least two labels of letters, digits and inner hyphens, the last
 * not all digits (no IP addresses). Anything else, `@example.com` or `*.example.com` included,
 * answers 400 `organization.invalid_email_domain`: Logto stores whatever it is given and leaves
 * the check to its Console (reference §2.5, §9).
 */
export function normaliseEmailDomain(input: string): string {
  const ascii = domainToASCII(input.trim());
  const labels = ascii.split('.');
  const valid =
    ascii.length > 0 &&
    ascii.length <= MAX_DOMAIN_LENGTH &&
    labels.length >= 2 &&
    labels.every((label) => LABEL.test(label)) &&
    !/^[0-9]+$/.test(labels.at(-1)!);
  if (!valid) throw new ApiError('organization.invalid_email_domain', { emailDomain: input });
  return ascii;
}

export async function listEmailDomains(db: Db, organizationId: string, page: Page | undefined) {
  if (!(await lockOrganization(db, organizationId, 'share'))) throw missingOrganization(organizationId);
  return queries.listEmailDomains(db, organizationId, page);
}

/** Adds one domain and answers the stored row; a domain already there is 422, as in Logto. */
export async function addEmailDomain(db: Db, organizationId: string, input: string): Promise<JitEmailDomain> {
  const emailDomain = normaliseEmailDomain(input);
  await db.transaction().execute(async (tx) => {
    if (!(await lockOrganization(tx, organizationId, 'share'))) throw missingOrganization(organizationId);
    await queries.insertEmailDomain(tx, organizationId, emailDomain);
  });
  return { tenantId: TENANT_ID, organizationId, emailDomain };
}

/** Exactly these domains (normalised, duplicates merged) stay; an invalid one changes nothing. */
export async function replaceEmailDomains(db: Db, organizationId: string, inputs: string[]) {
  const emailDomains = [...new Set(inputs.map(normaliseEmailDomain))];
  await db.transaction().execute(async (tx) => {
    if (!(await lockOrganization(tx, organizationId, 'update'))) throw missingOrganization(organizationId);
    await queries.unlinkAllEmailDomains(tx, organizationId);
    await queries.linkEmailDomains(tx, organizationId, emailDomains);
  });
}

export async function removeEmailDomain(db: Executor, organizationId: string, input: string) {
  // A path segment that is no domain cannot be stored: it is simply not there.
  let emailDomain: string;
  try {
    emailDomain = normaliseEmailDomain(input);
  } catch {
    throw new ApiError('entity.not_found');
  }
  if (!(await queries.deleteEmailDomain(db, organizationId, emailDomain))) throw new ApiError('entity.not_found');
}

/** Default roles of people provisioned into the organization: roles of type User only (422 otherwise). */
export const jitRoles = (db: Db) =>
  linkService(db, {
    lockParent: lockOrganization,
    list: queries.listRoles,
    link: queries.linkRoles,
    unlinkAll: queries.unlinkAllRoles,
    unlink: queries.unlinkRole,
    missingParent: missingOrganization,
  });

/**
 * Enterprise SSO connectors that provision into the organization. Guildhall has no SSO connectors
 * yet, so the list is empty and any id is unknown (422, as Logto answers an unknown connector);
 * the routes exist so that Logto's tools, which read and write them beside the other two, work.
 */
export function jitSsoConnectors(db: Db): RelationService<never> {
  const requireOrganization = async (organizationId: string) => {
    if (!(await lockOrganization(db, organizationId, 'share'))) throw missingOrganization(organizationId);
  };
  return {
    async list(organizationId) {
      await requireOrganization(organizationId);
      return { rows: [], total: 0 };
    },
    async add(organizationId) {
      await requireOrganization(organizationId);
      throw new ApiError('entity.relation_foreign_key_not_found');
    },
    async replace(organizationId, ids) {
      await requireOrganization(organizationId);
      if (ids.length > 0) throw new ApiError('entity.relation_foreign_key_not_found');
    },
    async remove(organizationId) {
      await requireOrganization(organizationId);
      throw new ApiError('entity.not_found');
    },
  };
}
