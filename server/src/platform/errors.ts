/**
 * The one error registry: every stable code Guildhall answers with, its HTTP status and its
 * message. Code throws `new ApiError('code', data)`; the HTTP layer (http.ts) turns it into
 * `{ code, message, data? }` with the status from this table. Nothing else decides a status.
 */
export const errorRegistry = {
  'guard.invalid_input': { status: 400, message: 'The request input is invalid.' },
  'guard.invalid_pagination': { status: 400, message: 'The pagination value is invalid.' },
  'request.invalid_input': { status: 400, message: 'Input is invalid.' },
  'request.unsupported_media_type': { status: 415, message: 'The request body must be application/json.' },
  'request.body_too_large': { status: 413, message: 'The request body is too large.' },
  'request.malformed_json': { status: 400, message: 'The request body is not valid JSON.' },
  'request.not_found': { status: 404, message: 'The requested route does not exist.' },
  'request.method_not_allowed': { status: 405, message: 'The method is not allowed on this route.' },
  'request.rate_limited': { status: 429, message: 'Too many requests. Please wait and try again.' },
  'auth.unauthorized': { status: 401, message: 'Unauthorized. Please check credentials and its scope.' },
  'auth.forbidden': { status: 403, message: 'Forbidden. Please check your permissions.' },
  'auth.jwt_sub_missing': { status: 401, message: 'Missing `sub` in JWT.' },
  'entity.not_exists_with_id': { status: 404, message: 'The {{name}} with ID `{{id}}` does not exist.' },
  'entity.not_exists': { status: 404, message: 'The {{name}} does not exist.' },
  'entity.not_found': { status: 404, message: 'The entity does not exist.' },
  'entity.unique_integrity_violation': { status: 422, message: 'The entity already exists.' },
  'entity.relation_foreign_key_not_found': {
    status: 422,
    message: 'Cannot find one or more foreign keys. Please check the input and ensure that all referenced entities exist.',
  },
  'entity.db_constraint_violated': { status: 422, message: 'The database constraint is violated.' },
  'entity.value_too_long': { status: 422, message: 'The value is too long.' },
  'entity.create_failed': { status: 400, message: 'Failed to create {{name}}.' },
  'organization_role.management_api_scope': {
    status: 422,
    message: "The Management API's permissions cannot belong to an organization role: the Management API is not scoped to organizations.",
  },
  'organization.require_membership': { status: 422, message: 'The user must be a member of the organization to proceed.' },
  'organization.role_names_not_found': { status: 422, message: 'Organization role(s) with name(s) {{names}} not found.' },
  'organization.role_type_in_use': {
    status: 422,
    message: 'The role type cannot change while the role is assigned to members of the other type.',
  },
  'organization.invalid_email_domain': {
    status: 400,
    message: '`{{emailDomain}}` is not a domain name. Give the part after the @ of an address, such as example.com.',
  },
  'organization_invitation.already_member': { status: 422, message: 'The invitee is already a member of the organization.' },
  'organization_invitation.not_pending': { status: 422, message: 'Only a pending invitation can change its status (this one is {{status}}).' },
  'organization_invitation.accepted_user_required': { status: 422, message: 'Accepting an invitation needs `acceptedUserId`.' },
  'organization_invitation.email_mismatch': { status: 422, message: "The user's primary email is not the invitee's address." },
  'hook.invalid_endpoint': { status: 400, message: 'The webhook endpoint must be an absolute {{protocols}} URL without credentials.' },
  'hook.endpoint_responded_with_error': { status: 422, message: 'The endpoint answered the test of {{event}} with HTTP {{status}}.' },
  'hook.send_test_payload_failed': { status: 422, message: 'The test of {{event}} could not reach the endpoint: {{error}}' },
  'connector.not_found': { status: 422, message: 'Guildhall has no {{type}} connector: it cannot send the message.' },
  'user.username_already_in_use': { status: 422, message: 'This username is already in use.' },
  'user.email_already_in_use': { status: 422, message: 'This email is associated with an existing account.' },
  'user.phone_already_in_use': { status: 422, message: 'This phone number is associated with an existing account.' },
  'user.password_too_weak': { status: 422, message: 'The password does not meet the password policy.' },
  'application.invalid_type': { status: 422, message: 'Only machine-to-machine applications can have this.' },
  'application.third_party_application_only': { status: 422, message: 'Only third-party applications have user consents (organizations and scopes).' },
  'application.access_control_empty_role_rule': {
    status: 422,
    message: 'An organization role rule needs at least one organization role (organization `{{organizationId}}`).',
  },
  'application.access_control_role_type': { status: 422, message: 'Only roles of type User can let people sign in to an application.' },
  'application.protected': { status: 422, message: 'This built-in application cannot be changed or deleted.' },
  'resource.protected': { status: 422, message: 'The Management API resource cannot be changed or deleted.' },
  'role.protected': { status: 422, message: 'This built-in role cannot be changed or deleted.' },
  'role.name_in_use': { status: 422, message: 'This role name is already in use.' },
  'role.type_in_use': { status: 422, message: 'The role type cannot change while the role is assigned to users or applications.' },
  'scope.name_exists': { status: 422, message: 'This API resource already has a scope with this name.' },
  'console.already_set_up': { status: 409, message: 'The Console already has an administrator.' },
  'console.last_administrator': { status: 422, message: 'Guildhall must keep at least one administrator. Make another user an administrator first.' },
  'oidc.key_not_found': { status: 404, message: 'The signing key does not exist.' },
  'oidc.key_in_use': { status: 422, message: 'The current signing key cannot be removed; rotate first.' },
  'internal.server_error': { status: 500, message: 'Internal server error. The request id is {{requestId}}.' },
  'internal.unavailable': { status: 503, message: 'The service is not ready.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorRegistry;

export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    /** Structured details, also used to fill `{{placeholders}}` in the message. */
    readonly data?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    const entry = errorRegistry[code];
    super(interpolate(entry.message, data), options);
    this.name = 'ApiError';
    this.status = entry.status;
  }

  toJSON() {
    return { code: this.code, message: this.message, ...(this.data === undefined ? {} : { data: this.data }) };
  }
}

function interpolate(template: string, data: Record<string, unknown> | undefined): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = data?.[key];
    if (Array.isArray(value)) return value.join(', ');
    return value === undefined ? '' : String(value);
  });
}

/**
 * Constraint names whose violation means something more specific than the generic mapping by
 * SQLSTATE class. Keyed by the constraint name PostgreSQL reports.
 */
const constraintCodes: Record<string, ErrorCode> = {
  users__username: 'user.username_already_in_use',
  users__primary_email: 'user.email_already_in_use',
  users__primary_phone: 'user.phone_already_in_use',
  organization_roles__type_in_use: 'organization.role_type_in_use',
  organization_role_resource_scopes__management_api: 'organization_role.management_api_scope',
  roles__name: 'role.name_in_use',
  roles__type_in_use: 'role.type_in_use',
  scopes__resource_id_name: 'scope.name_exists',
  applications_roles__application_type: 'application.invalid_type',
  application_user_consent_organizations__third_party: 'application.third_party_application_only',
  application_user_consent_organizations__membership: 'organization.require_membership',
  application_user_consent_organization_scopes__third_party: 'application.third_party_application_only',
  application_user_consent_resource_scopes__third_party: 'application.third_party_application_only',
  application_user_consent_organization_resource_scopes__third_party: 'application.third_party_application_only',
  application_user_consent_user_scopes__third_party: 'application.third_party_application_only',
  users_roles__last_administrator: 'console.last_administrator',
  organization_invitations__invitee_organization_id: 'entity.unique_integrity_violation',
  application_access_control_user_roles__role_type: 'application.access_control_role_type',
  application_access_control_organization_roles__role_type: 'application.access_control_role_type',
};

interface PgError {
  code?: string;
  constraint?: string;
  table?: string;
  detail?: string;
}

/**
 * Maps a PostgreSQL error to an {@link ApiError}, or returns undefined when it is not a
 * constraint violation the client can fix. SQLSTATE classes (PostgreSQL appendix A):
 * 23505 unique, 23503 foreign key, 23514 check, 23502 not null, 22001 value too long,
 * 22P02 invalid text representation (e.g. a malformed enum value).
 */
export function fromDatabaseError(error: unknown): ApiError | undefined {
  const pg = error as PgError;
  if (!pg || typeof pg.code !== 'string') return undefined;
  const specific = pg.constraint ? constraintCodes[pg.constraint] : undefined;
  if (specific) return new ApiError(specific, undefined, { cause: error });
  switch (pg.code) {
    case '23505':
      return new ApiError('entity.unique_integrity_violation', undefined, { cause: error });
    case '23503':
      return new ApiError('entity.relation_foreign_key_not_found', undefined, { cause: error });
    case '23514':
    case '23502':
      return new ApiError('entity.db_constraint_violated', undefined, { cause: error });
    case '22001':
      return new ApiError('entity.value_too_long', undefined, { cause: error });
    case '22P02':
    case '22021': // a NUL byte in text (character_not_in_repertoire)
    case '22P05': // \u0000 in jsonb (untranslatable_character)
    case '22023':
    case '2201X':
    case '22003':
      return new ApiError('guard.invalid_input', undefined, { cause: error });
    default:
      return undefined;
  }
}
