import type { Client, KoaContextWithOIDC } from 'oidc-provider';
import type { Db } from '../platform/database.ts';

export interface ResourceServer {
  accessTokenTtl: number;
  /** The scopes this token may carry at most; oidc-provider intersects them with the request. */
  scopes: string[];
}

/**
 * What an access token for `indicator` may carry. A machine-to-machine client (client
 * credentials) holds the scopes its roles grant for that resource.
 */
export async function findResourceServer(
  db: Db,
  ctx: KoaContextWithOIDC,
  indicator: string,
  client: Client,
): Promise<ResourceServer | undefined> {
  const resource = await db
    .selectFrom('resources')
    .select(['id', 'accessTokenTtl'])
    .where('indicator', '=', indicator)
    .executeTakeFirst();
  if (!resource) return undefined;

  if (ctx.oidc.params?.grant_type === 'client_credentials') {
    const rows = await db
      .selectFrom('applicationsRoles as ar')
      .innerJoin('rolesScopes as rs', 'rs.roleId', 'ar.roleId')
      .innerJoin('scopes as s', 's.id', 'rs.scopeId')
      .select('s.name')
      .distinct()
      .where('ar.applicationId', '=', client.clientId)
      .where('s.resourceId', '=', resource.id)
      .execute();
    return { accessTokenTtl: resource.accessTokenTtl, scopes: rows.map((row) => row.name) };
  }

  const rows = await db.selectFrom('scopes').select('name').where('resourceId', '=', resource.id).execute();
  return { accessTokenTtl: resource.accessTokenTtl, scopes: rows.map((row) => row.name) };
}
