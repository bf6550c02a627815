import { Type, type Static } from 'typebox';
import { JsonObjectSchema, Nullable, TENANT_ID } from '../platform/schemas.ts';
import { PaginationQuery } from '../platform/pagination.ts';

export const ApplicationType = Type.Union([
  Type.Literal('Native'),
  Type.Literal('SPA'),
  Type.Literal('Traditional'),
  Type.Literal('MachineToMachine'),
]);

const RedirectUri = Type.String({ minLength: 1, maxLength: 2048, format: 'uri' });

export const OidcClientMetadataSchema = Type.Object({
  redirectUris: Type.Array(RedirectUri, { maxItems: 50 }),
  postLogoutRedirectUris: Type.Array(RedirectUri, { maxItems: 50 }),
});

/** An application as the API shows it: the secret appears only in the response to creation. */
export const ApplicationSchema = Type.Object(
  {
    tenantId: Type.Literal(TENANT_ID),
    id: Type.String(),
    name: Type.String(),
    description: Nullable(Type.String()),
    type: ApplicationType,
    oidcClientMetadata: OidcClientMetadataSchema,
    customClientMetadata: JsonObjectSchema,
    isThirdParty: Type.Boolean(),
    createdAt: Type.Number(),
  }
);

export const ApplicationWithSecretSchema = Type.Object({
  ...ApplicationSchema.properties,
  secret: Type.String({ description: 'Shown once, at creation. Read it later only through `GET …/secrets`.' }),
});

export const CreateApplicationBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 256 }),
  description: Type.Optional(Nullable(Type.String({ maxLength: 2048 }))),
  type: ApplicationType,
  oidcClientMetadata: Type.Optional(
    Type.Object({
      redirectUris: Type.Optional(OidcClientMetadataSchema.properties.redirectUris),
      postLogoutRedirectUris: Type.Optional(OidcClientMetadataSchema.properties.postLogoutRedirectUris),
    }),
  ),
  customClientMetadata: Type.Optional(JsonObjectSchema),
  isThirdParty: Type.Optional(Type.Boolean()),
});
export type CreateApplicationBody = Static<typeof CreateApplicationBody>;

export const UpdateApplicationBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  description: Type.Optional(Nullable(Type.String({ maxLength: 2048 }))),
  oidcClientMetadata: CreateApplicationBody.properties.oidcClientMetadata,
  customClientMetadata: Type.Optional(JsonObjectSchema),
});
export type UpdateApplicationBody = Static<typeof UpdateApplicationBody>;

export const ListApplicationsQuery = Type.Object({
  ...PaginationQuery.properties,
  search: Type.Optional(Type.String({ maxLength: 256 })),
  /** Repeat to allow several: `types=MachineToMachine&types=SPA`. */
  types: Type.Optional(Type.Array(ApplicationType, { maxItems: 4 })),
  excludeOrganizationId: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
});
export type ListApplicationsQuery = Static<typeof ListApplicationsQuery>;

export const ApplicationIdParams = Type.Object({ applicationId: Type.String({ minLength: 1, maxLength: 256 }) });

export const SecretSchema = Type.Object({
  name: Type.String(),
  value: Type.String(),
  createdAt: Type.Number(),
});
