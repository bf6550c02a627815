import { Type, type Static } from 'typebox';
import type { AppContext } from '../platform/context.ts';
import type { App } from '../platform/http.ts';
import { errorResponses } from '../platform/schemas.ts';
import { EXTENDED_ID_TOKEN_CLAIMS, type ExtendedIdTokenClaim, findEnabledIdTokenClaims, saveEnabledIdTokenClaims } from './id-token.ts';

const tags = ['Configs'];

const ExtendedClaim = Type.Unsafe<ExtendedIdTokenClaim>({ type: 'string', enum: [...EXTENDED_ID_TOKEN_CLAIMS] });
const IdTokenConfigSchema = Type.Object({
  enabledExtendedClaims: Type.Array(ExtendedClaim, {
    description:
      'Extended claims ID tokens carry when their scope is granted. Guildhall issues the organization ones ' +
      '(`organizations`, `organization_roles`, `organization_data`); the others are kept for Logto tools and change nothing.',
  }),
});
const IdTokenConfigBody = Type.Object({ enabledExtendedClaims: Type.Optional(Type.Array(ExtendedClaim, { maxItems: 32 })) });
type IdTokenConfigBody = Static<typeof IdTokenConfigBody>;

/** Installation-wide settings (reference §2.9): which extended claims ID tokens carry. */
export async function configRoutes(app: App, { db }: AppContext) {
  app.get(
    '/configs/id-token',
    {
      schema: {
        tags,
        summary: 'Get the ID token claims configuration',
        description: 'Without a stored configuration, the defaults: `roles`, `organizations`, `organization_roles` (`organization_data` is for userinfo).',
        response: { 200: IdTokenConfigSchema },
      },
    },
    async () => ({ enabledExtendedClaims: await findEnabledIdTokenClaims(db) }),
  );

  // A body without the list changes nothing (and writes nothing).
  const save = async (request: { body: IdTokenConfigBody }) => {
    const claims = request.body.enabledExtendedClaims;
    return { enabledExtendedClaims: claims ? await saveEnabledIdTokenClaims(db, claims) : await findEnabledIdTokenClaims(db) };
  };
  for (const method of ['put', 'patch'] as const) {
    app[method](
      '/configs/id-token',
      {
        schema: {
          tags,
          summary: method === 'put' ? 'Set the ID token claims configuration' : 'Update the ID token claims configuration',
          description: 'Applies to the next ID token (sign-in or refresh); userinfo always answers every claim its scopes allow.',
          body: IdTokenConfigBody,
          response: { 200: IdTokenConfigSchema, ...errorResponses(400) },
        },
      },
      save,
    );
  }
}
