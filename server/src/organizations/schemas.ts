import { Type, type Static } from 'typebox';
import { PaginationQuery } from '../platform/pagination.ts';
import { JsonObjectSchema, Nullable, TENANT_ID } from '../platform/schemas.ts';

const HexColor = Type.String({ pattern: '^#[0-9A-Fa-f]{3}([0-9A-Fa-f]{3})?$' });
const Url = Type.String({ minLength: 1, maxLength: 2048, format: 'uri' });

/** Sign-in colours of an organization (Logto's PartialColor). */
export const ColorSchema = Type.Object({
  primaryColor: Type.Optional(HexColor),
  isDarkModeEnabled: Type.Optional(Type.Boolean()),
  darkPrimaryColor: Type.Optional(HexColor),
});
export type Color = Static<typeof ColorSchema>;

export const BrandingSchema = Type.Object({
  logoUrl: Type.Optional(Url),
  darkLogoUrl: Type.Optional(Url),
  favicon: Type.Optional(Url),
  darkFavicon: Type.Optional(Url),
});
export type Branding = Static<typeof BrandingSchema>;

export const OrganizationSchema = Type.Object({
  tenantId: Type.Literal(TENANT_ID),
  id: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  customData: JsonObjectSchema,
  isMfaRequired: Type.Boolean(),
  color: ColorSchema,
  branding: BrandingSchema,
  customCss: Nullable(Type.String()),
  createdAt: Type.Number(),
});
export type OrganizationResponse = Static<typeof OrganizationSchema>;

export const FeaturedUserSchema = Type.Object({
  id: Type.String(),
  avatar: Nullable(Type.String()),
  name: Nullable(Type.String()),
});

/** The list item: `usersCount` and `featuredUsers` appear only with `showFeatured`. */
export const OrganizationListItemSchema = Type.Object({
  ...OrganizationSchema.properties,
  usersCount: Type.Optional(Type.Number()),
  featuredUsers: Type.Optional(Type.Array(FeaturedUserSchema, { maxItems: 3 })),
});

/** `{id, name}` of an organization role, as embedded in member and application lists. */
export const RoleRefSchema = Type.Object({ id: Type.String(), name: Type.String() });
export type RoleRef = Static<typeof RoleRefSchema>;

export const OrganizationRoleSchema = Type.Object({
  tenantId: Type.Literal(TENANT_ID),
  id: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  type: Type.Union([Type.Literal('User'), Type.Literal('MachineToMachine')]),
});

export const OrganizationScopeSchema = Type.Object({
  tenantId: Type.Literal(TENANT_ID),
  id: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
});

export const MembershipStatusSchema = Type.Union([Type.Literal('Active'), Type.Literal('Suspended')]);

/** An organization as seen from one of its members or applications. */
export const OrganizationWithRolesSchema = Type.Object({
  ...OrganizationSchema.properties,
  organizationRoles: Type.Array(RoleRefSchema),
});

const Name = Type.String({ minLength: 1, maxLength: 128 });
const Description = Nullable(Type.String({ maxLength: 256 }));
const CustomCss = Nullable(Type.String({ maxLength: 65_536 }));

export const CreateOrganizationBody = Type.Object({
  name: Name,
  description: Type.Optional(Description),
  customData: Type.Optional(JsonObjectSchema),
  isMfaRequired: Type.Optional(Type.Boolean()),
  color: Type.Optional(ColorSchema),
  branding: Type.Optional(BrandingSchema),
  customCss: Type.Optional(CustomCss),
});
export type CreateOrganizationBody = Static<typeof CreateOrganizationBody>;

export const UpdateOrganizationBody = Type.Object({
  name: Type.Optional(Name),
  description: Type.Optional(Description),
  customData: Type.Optional(JsonObjectSchema),
  isMfaRequired: Type.Optional(Type.Boolean()),
  color: Type.Optional(ColorSchema),
  branding: Type.Optional(BrandingSchema),
  customCss: Type.Optional(CustomCss),
});
export type UpdateOrganizationBody = Static<typeof UpdateOrganizationBody>;

export const ListOrganizationsQuery = Type.Object({
  ...PaginationQuery.properties,
  q: Type.Optional(Type.String({ maxLength: 256 })),
  showFeatured: Type.Optional(Type.String({ maxLength: 16, description: '`1`, `true` or `yes` adds usersCount and featuredUsers.' })),
  before: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 256,
      description:
        'Keyset paging: only the organizations after this one (an organization id, usually the last of the previous page) in ' +
        'the list order. Costs the same at any depth; no `Total-Number`. An organization deleted since answers 400 ' +
        '`guard.invalid_pagination`: continue from an earlier organization of that page.',
    }),
  ),
});
export type ListOrganizationsQuery = Static<typeof ListOrganizationsQuery>;

export const OrganizationIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 256 }) });

/** Optional pagination only (the list is whole when neither `page` nor `page_size` is given). */
export const OptionalPageQuery = PaginationQuery;

/** 201 with an empty body, as Logto's relation additions answer. */
export const Created = Type.Unsafe<undefined>({ description: 'Created (no body)' });
