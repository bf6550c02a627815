import type { AdapterPayload, ClientMetadata, KoaContextWithOIDC } from 'oidc-provider';
import type { Db } from '../platform/database.ts';
import type { Application } from '../platform/schema.ts';
import { findClientMetadata, toClientMetadata } from './clients.ts';
import {
  idTokenClaimsFrom,
  idTokenClaimsSql,
  MEMBERSHIP_COLUMNS,
  membershipFrom,
  type AccountRow,
  type IdTokenClaimColumns,
  type IdTokenOrganizationClaims,
  type MembershipColumns,
  type MembershipPermissions,
} from './organization-queries.ts';
import { ORGANIZATION_ROLES_SCOPE, ORGANIZATIONS_SCOPE } from './organization-urns.ts';
import { putReadAlong, takeReadAlong } from './read-along.ts';
import { run, statement } from './statements.ts';

/** At most this many organizations are listed in an ID token (account.ts re-exports it). */
export const ID_TOKEN_ORGANIZATION_LIMIT = 100;

/**
 * A refresh-token request, read in the round trip that finds its client (oidc-provider looks the
 * client up first, once the parameters are parsed): the refresh token, its grant and session,
 * the account and, with `organization_id`, the membership, its permissions and the ID token's
 * organization claims. The later steps of the same request (RefreshToken.find, Grant.find,
 * Session.findByUid, findAccount, the organization check) take what was read here instead of
 * reading it again (read-along.ts). All of it is read live, for this request only.
 *
 * $1 client id, $2 refresh token, $3 organization id or null, $4 ID-token claims limit or null,
 * $5 the request's `scope` parameter or null (then the refresh token's scope decides whether the
 * response carries an ID token with organization claims, as account.ts decides it).
 */
const refreshTokenRequest = statement(
  'oidc_refresh_token_request',
  `select c.id, c.name, c.type, c.secret, c.oidc_client_metadata, c.is_third_party, c.access_control,
     t.id as token_id, t.payload, t.consumed_at,
     g.payload as grant_document, g.consumed_at as grant_consumed_at,
     s.payload as session_document,
     u.id as user_id, u.username as user_username, u.name as user_name, u.avatar as user_avatar,
     u.primary_email as user_primary_email, u.primary_phone as user_primary_phone,
     u.is_suspended as user_is_suspended, u.created_at as user_created_at, u.updated_at as user_updated_at,
     ${MEMBERSHIP_COLUMNS},
     ${idTokenClaimsSql(
       'u.id',
       '$4',
       // Not for a third-party client: it gets only the organizations the user granted it, read by account.ts.
       `$4::int is not null and u.id is not null and not c.is_third_party
         and sc.granted @> '{openid}' and sc.granted && '{${ORGANIZATIONS_SCOPE},${ORGANIZATION_ROLES_SCOPE}}'`,
     )}
   from applications c
   left join oidc_model_instances t on t.model_name = 'RefreshToken' and t.id = $2 and t.expires_at > now()
   left join oidc_model_instances g on g.model_name = 'Grant' and g.id = t.payload ->> 'grantId' and g.expires_at > now()
   left join oidc_model_instances s on s.model_name = 'Session' and s.payload ->> 'uid' = t.payload ->> 'sessionUid'
     and (t.payload ->> 'expiresWithSession')::boolean and s.expires_at > now()
   left join users u on u.id = t.payload ->> 'accountId'
   left join lateral (select string_to_array(coalesce($5::text, t.payload ->> 'scope'), ' ') as granted) sc on true
   left join organization_user_relations m on m.user_id = u.id and m.organization_id = $3
   left join organizations o on o.id = m.organization_id
   where c.id = $1`,
);

type ClientRow = Pick<Application, 'id' | 'name' | 'type' | 'secret' | 'oidcClientMetadata' | 'isThirdParty' | 'accessControl'>;

interface RefreshTokenRequestRow extends ClientRow, MembershipColumns, IdTokenClaimColumns {
  tokenId: string | null;
  payload: AdapterPayload | null;
  consumedAt: number | null;
  grantDocument: AdapterPayload | null;
  grantConsumedAt: number | null;
  sessionDocument: AdapterPayload | null;
  userId: string | null;
  userUsername: string | null;
  userName: string | null;
  userAvatar: string | null;
  userPrimaryEmail: string | null;
  userPrimaryPhone: string | null;
  userIsSuspended: boolean | null;
  userCreatedAt: number | null;
  userUpdatedAt: number | null;
}

/** A stored document with its consumption time, as the adapter hands it to oidc-provider. */
export interface StoredDocument {
  payload: AdapterPayload;
  consumedAt: number | null;
}

/** The account of a refresh-token request, read with its client. */
export interface AccountReadAlong {
  accountId: string;
  /** Null when no membership was asked for (no `organization_id`). */
  organizationId: string | null;
  /** Undefined: the user no longer exists. */
  account: AccountRow | undefined;
  membership: MembershipPermissions;
  /** Present when the response carries an ID token with organization claims. */
  idTokenClaims: IdTokenOrganizationClaims | undefined;
}

const readAlongKey = {
  refreshToken: (id: string) => `RefreshToken:${id}`,
  account: (accountId: string, organizationId: string | null) => `Account:${accountId}:${organizationId ?? ''}`,
};

const nonEmptyString = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** oidc-provider's client lookup; on a refresh-token request, the rest of the request comes along. */
export async function findClientForRequest(db: Db, ctx: KoaContextWithOIDC | undefined, id: string): Promise<ClientMetadata | undefined> {
  const params = ctx?.oidc?.params;
  if (!ctx || ctx.oidc.route !== 'token' || params?.grant_type !== 'refresh_token' || !nonEmptyString(params.refresh_token)) {
    return findClientMetadata(db, id);
  }
  const organizationId = nonEmptyString(params.organization_id) ? params.organization_id : null;
  const [row] = await run<RefreshTokenRequestRow>(db, refreshTokenRequest, [
    id,
    params.refresh_token,
    organizationId,
    organizationId === null ? null : ID_TOKEN_ORGANIZATION_LIMIT,
    nonEmptyString(params.scope) ? params.scope : null,
  ]);
  if (!row) return undefined;
  const { tokenId, payload, consumedAt, grantDocument, grantConsumedAt, sessionDocument } = row;
  if (tokenId === null || payload === null) {
    putReadAlong(readAlongKey.refreshToken(params.refresh_token), undefined, ctx);
  } else {
    putReadAlong(readAlongKey.refreshToken(tokenId), { payload, consumedAt } satisfies StoredDocument, ctx);
    const { grantId, sessionUid, expiresWithSession, accountId } = payload;
    if (nonEmptyString(grantId)) {
      putReadAlong(`Grant:${grantId}`, grantDocument === null ? undefined : ({ payload: grantDocument, consumedAt: grantConsumedAt } satisfies StoredDocument), ctx);
    }
    if (expiresWithSession && nonEmptyString(sessionUid)) {
      putReadAlong(`Session:${sessionUid}`, sessionDocument === null ? undefined : ({ payload: sessionDocument, consumedAt: null } satisfies StoredDocument), ctx);
    }
    if (nonEmptyString(accountId)) {
      const account: AccountRow | undefined =
        row.userId === null
          ? undefined
          : {
              id: row.userId,
              username: row.userUsername,
              name: row.userName,
              avatar: row.userAvatar,
              primaryEmail: row.userPrimaryEmail,
              primaryPhone: row.userPrimaryPhone,
              isSuspended: Boolean(row.userIsSuspended),
              createdAt: row.userCreatedAt!,
              updatedAt: row.userUpdatedAt!,
            };
      putReadAlong(
        readAlongKey.account(accountId, organizationId),
        {
          accountId,
          organizationId,
          account,
          membership: membershipFrom(row),
          idTokenClaims: idTokenClaimsFrom(row),
        } satisfies AccountReadAlong,
        ctx,
      );
    }
  }
  return toClientMetadata(row);
}

/** The refresh token read with the client of this request: `{ value: undefined }` when it was not found. */
export function takeRefreshTokenReadAlong(id: string) {
  return takeReadAlong<StoredDocument | undefined>(readAlongKey.refreshToken(id));
}

/** A grant or session (`Grant:<id>`, `Session:<uid>`) read with the refresh token of this request. */
export function takeDocumentReadAlong(key: string) {
  return takeReadAlong<StoredDocument | undefined>(key);
}

/** The account (and membership in `organizationId`) read with the client of this request. */
export function takeAccountReadAlong(ctx: object, accountId: string, organizationId: string | null) {
  return takeReadAlong<AccountReadAlong>(readAlongKey.account(accountId, organizationId), ctx);
}
