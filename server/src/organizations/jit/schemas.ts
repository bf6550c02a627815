import { Type, type Static } from 'typebox';
import { Nullable, TENANT_ID } from '../../platform/schemas.ts';

/** Before normalisation: the service lower-cases, converts to IDNA ASCII and checks the syntax. */
const EmailDomainInput = Type.String({ minLength: 1, maxLength: 256, description: 'A domain name such as `example.com` (case-insensitive).' });

export const JitEmailDomainSchema = Type.Object({
  tenantId: Type.Literal(TENANT_ID),
  organizationId: Type.String(),
  emailDomain: Type.String({ description: 'Lower case, in IDNA ASCII form (`bücher.example` is `xn--bcher-kva.example`).' }),
});
export type JitEmailDomain = Static<typeof JitEmailDomainSchema>;

export const AddJitEmailDomainBody = Type.Object({ emailDomain: EmailDomainInput });
export type AddJitEmailDomainBody = Static<typeof AddJitEmailDomainBody>;

export const ReplaceJitEmailDomainsBody = Type.Object({ emailDomains: Type.Array(EmailDomainInput, { maxItems: 1000 }) });
export type ReplaceJitEmailDomainsBody = Static<typeof ReplaceJitEmailDomainsBody>;

export const JitEmailDomainParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 256 }),
  emailDomain: EmailDomainInput,
});

/**
 * An enterprise SSO connector as `…/jit/sso-connectors` lists it (Logto's row without its secret
 * `config`, reference §9). Guildhall has no SSO connectors yet, so the list is always empty.
 */
export const JitSsoConnectorSchema = Type.Object({
  tenantId: Type.Literal(TENANT_ID),
  id: Type.String(),
  providerName: Type.String(),
  connectorName: Type.String(),
  domains: Type.Array(Type.String()),
  createdAt: Type.Number(),
  branding: Nullable(Type.Object({}, { additionalProperties: true })),
});
