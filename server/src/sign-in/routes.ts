import type { FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import { errors, type InteractionResults } from 'oidc-provider';
import type { AppContext } from '../platform/context.ts';
import type { App } from '../platform/http.ts';
import { clientAddressKey, type RateLimiter } from '../oidc/rate-limit.ts';
import { consentPage, messagePage, PAGE_CSP, registerPage, signInPage } from './pages.ts';
import { mayUseApplication } from '../oidc/application-access.ts';
import { allowedClaims, findConsentScopes, splitAllowed } from '../oidc/consent-scopes.ts';
import { ORGANIZATIONS_RESOURCE, ORGANIZATIONS_SCOPE } from '../oidc/organization-urns.ts';
import * as consents from '../organizations/consents/service.ts';
import { checkSignIn, findSignInAccount, register } from './service.ts';

type InteractionDetails = Awaited<ReturnType<Provider['interactionDetails']>>;

type Split = { granted: string[]; refused: string[] };
/** What a consent grants and refuses: OIDC scopes, claims (the `claims` parameter), and scopes per resource. */
type ConsentDecision = {
  scopes: Split;
  claims: Split;
  resources: Array<Split & { indicator: string }>;
  /** Whether the application may ask for the organizations scope (and so for a choice of organizations). */
  organizationsAllowed: boolean;
};

export interface SignInDeps {
  context: AppContext;
  provider: () => Provider;
  rateLimiter: RateLimiter;
  /** Told of each completed password sign-in and registration, before the browser is sent on (webhooks). */
  onSignedIn?: ((event: 'PostSignIn' | 'PostRegister', request: FastifyRequest, ids: { userId: string; applicationId: string }) => Promise<void>) | undefined;
}

const FORM_LIMIT = 16 * 1024;

/** A parsed form: a field sent more than once (the consent page's checkboxes) is a list. */
type FormFields = Record<string, string | string[]>;

/** A field that must be sent once; missing or repeated reads as empty, which the pages refuse. */
const single = (body: FormFields | undefined, name: string): string => {
  const value = body?.[name];
  return typeof value === 'string' ? value : '';
};

/**
 * The hosted sign-in pages: oidc-provider sends the browser to /sign-in/<uid> whenever it needs
 * the user (login) or their consent (third-party apps); the pages finish the interaction and send
 * the browser back to oidc-provider. Forms post to the same origin; the interaction cookie
 * (SameSite=Lax, signed) binds each post to the browser that started the flow.
 */
export async function signInRoutes(app: App, { context, provider, rateLimiter, onSignedIn }: SignInDeps) {
  const { db, config } = context;
  const limits = rateLimiter.limits;

  await app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_LIMIT }, (_request, body, done) => {
      // A field sent more than once (the consent page's organization checkboxes) becomes a list.
      const fields: FormFields = {};
      for (const [name, value] of new URLSearchParams(body as string)) {
        const previous = fields[name];
        fields[name] = previous === undefined ? value : [previous, value].flat();
      }
      done(null, fields);
    });
    scope.addHook('onSend', async (_request, reply, payload) => {
      reply.header('content-security-policy', PAGE_CSP);
      reply.header('cache-control', 'no-store');
      reply.header('x-frame-options', 'DENY');
      reply.header('referrer-policy', 'no-referrer');
      return payload;
    });

    const html = (reply: FastifyReply, body: string, status = 200) => reply.status(status).type('text/html; charset=utf-8').send(body);

    /** The interaction behind this browser's cookie, if it is the one in the URL. */
    const details = async (request: FastifyRequest<{ Params: { uid: string } }>, reply: FastifyReply) => {
      try {
        const found = await provider().interactionDetails(request.raw, reply.raw);
        if (found.uid === request.params.uid) return found;
      } catch (error) {
        if (!(error instanceof errors.SessionNotFound)) throw error;
      }
      void html(
        reply,
        messagePage('This sign-in has expired', 'Go back to the application and start signing in again.'),
        400,
      );
      return undefined;
    };

    /** The application the interaction is for: the name its pages show, and whether it is first-party. */
    const application = async (interaction: InteractionDetails) => {
      const clientId = String(interaction.params.client_id);
      const app = await db.selectFrom('applications').select(['name', 'isThirdParty']).where('id', '=', clientId).executeTakeFirst();
      return { name: app?.name ?? clientId, firstParty: app ? !app.isThirdParty : false };
    };
    const clientName = async (interaction: InteractionDetails) => (await application(interaction)).name;

    /** Hands the result to oidc-provider; `accepted` runs once it took it, before the browser is sent on. */
    const finish = async (request: FastifyRequest, reply: FastifyReply, result: InteractionResults, accepted?: () => Promise<void>) => {
      const redirectTo = await provider().interactionResult(request.raw, reply.raw, result, { mergeWithLastSubmission: false });
      await accepted?.();
      return reply.redirect(redirectTo, 303);
    };

    /**
     * What consenting to this interaction grants, and what it refuses: everything asked for when
     * the application is first-party; for a third-party application only its user consent scopes
     * (oidc/consent-scopes.ts). Resource scopes arrive already held to them (resource-servers.ts),
     * except that organization permissions go with the organizations scope.
     */
    const consentDecision = async (interaction: InteractionDetails, firstParty: boolean): Promise<ConsentDecision> => {
      const missing = interaction.prompt.details as {
        missingOIDCScope?: string[];
        missingOIDCClaims?: string[];
        missingResourceScopes?: Record<string, string[]>;
      };
      const scopes = missing.missingOIDCScope ?? [];
      const claims = missing.missingOIDCClaims ?? [];
      const resources = Object.entries(missing.missingResourceScopes ?? {});
      if (firstParty) {
        return {
          scopes: { granted: scopes, refused: [] },
          claims: { granted: claims, refused: [] },
          resources: resources.map(([indicator, granted]) => ({ indicator, granted, refused: [] })),
          organizationsAllowed: true,
        };
      }
      const allowed = await findConsentScopes(db, String(interaction.params.client_id));
      const releasable = allowedClaims(allowed);
      const organizationsAllowed = allowed.oidc.has(ORGANIZATIONS_SCOPE);
      return {
        organizationsAllowed,
        scopes: splitAllowed(scopes, (scope) => allowed.oidc.has(scope)),
        claims: splitAllowed(claims, (claim) => releasable.has(claim)),
        resources: resources.map(([indicator, asked]) => ({
          indicator,
          ...(indicator === ORGANIZATIONS_RESOURCE && !organizationsAllowed ? { granted: [], refused: asked } : { granted: asked, refused: [] }),
        })),
      };
    };

    /** Records consent to what the interaction may have (refusing the rest) and resumes the authorization. */
    const grantConsent = async (request: FastifyRequest, reply: FastifyReply, interaction: InteractionDetails, decision: ConsentDecision) => {
      const accountId = interaction.session!.accountId;
      const { Grant } = provider();
      const grant = interaction.grantId
        ? ((await Grant.find(interaction.grantId)) ?? new Grant({ accountId: accountId, clientId: String(interaction.params.client_id) }))
        : new Grant({ accountId: accountId, clientId: String(interaction.params.client_id) });
      // Refused ones are recorded as such, so that the user is not asked for them again.
      if (decision.scopes.granted.length) grant.addOIDCScope(decision.scopes.granted.join(' '));
      if (decision.scopes.refused.length) grant.rejectOIDCScope(decision.scopes.refused.join(' '));
      if (decision.claims.granted.length) grant.addOIDCClaims(decision.claims.granted);
      if (decision.claims.refused.length) grant.rejectOIDCClaims(decision.claims.refused);
      for (const { indicator, granted, refused } of decision.resources) {
        if (granted.length) grant.addResourceScope(indicator, granted.join(' '));
        if (refused.length) grant.rejectResourceScope(indicator, refused.join(' '));
      }
      const grantId = await grant.save();
      const redirectTo = await provider().interactionResult(request.raw, reply.raw, { consent: { grantId } }, { mergeWithLastSubmission: true });
      return reply.redirect(redirectTo, 303);
    };

    const isFirstParty = async (interaction: InteractionDetails) => (await application(interaction)).firstParty;

    const asksForOrganizations = (interaction: InteractionDetails) =>
      String(interaction.params.scope ?? '').split(' ').includes(ORGANIZATIONS_SCOPE);

    const tooMany = (reply: FastifyReply, retryAfter: number) => {
      reply.header('retry-after', String(retryAfter));
      return html(
        reply,
        messagePage('Too many attempts', `Please wait ${retryAfter} seconds and try again.`, '<p class="muted">Error code: <code>request.rate_limited</code></p>'),
        429,
      );
    };

    const ipKey = (request: FastifyRequest) => `sign-in:ip:${clientAddressKey(request.ip)}`;

    scope.get<{ Params: { uid: string } }>('/sign-in/:uid', { schema: { hide: true } as never }, async (request, reply) => {
      const interaction = await details(request, reply);
      if (!interaction) return reply;
      const { name, firstParty } = await application(interaction);
      if (interaction.prompt.name === 'consent') {
        // First-party apps never show consent, even when asked with prompt=consent (Logto's SDKs do).
        if (interaction.session?.accountId && firstParty) return grantConsent(request, reply, interaction, await consentDecision(interaction, true));
        const decision = await consentDecision(interaction, firstParty);
        const scopes = [...decision.scopes.granted, ...decision.resources.flatMap((resource) => resource.granted)];
        const organizations =
          interaction.session?.accountId && asksForOrganizations(interaction) && decision.organizationsAllowed
            ? await consents.listConsentChoices(db, String(interaction.params.client_id), interaction.session.accountId)
            : undefined;
        return html(reply, consentPage({ uid: interaction.uid, clientName: name, scopes, organizations }));
      }
      return html(reply, signInPage({ uid: interaction.uid, clientName: name, registrationEnabled: config.registrationEnabled }));
    });

    scope.post<{ Params: { uid: string }; Body: FormFields }>(
      '/sign-in/:uid/login',
      { schema: { hide: true } as never },
      async (request, reply) => {
        const interaction = await details(request, reply);
        if (!interaction) return reply;
        const identifier = single(request.body, 'identifier').trim();
        const password = single(request.body, 'password');
        const page = async (error: string, status: number) =>
          html(
            reply,
            signInPage({
              uid: interaction.uid,
              clientName: await clientName(interaction),
              identifier,
              error,
              registrationEnabled: config.registrationEnabled,
            }),
            status,
          );
        if (!identifier || !password) return page('Enter your username or email and your password.', 400);

        // The client IP's attempts first: an address over its limit costs no account lookup.
        const ipWait = await rateLimiter.hit([{ key: ipKey(request), limit: limits.signInPerIp }]);
        if (ipWait) return tooMany(reply, ipWait);
        const account = await findSignInAccount(db, identifier);
        // Failures count per account, whether its username or its email named it (an identifier
        // that names no account counts on its own): from this client IP, so that someone failing
        // elsewhere cannot lock the owner out, and from all IPs together, against guessing from
        // many addresses.
        const accountKey = account ? `sign-in:user:${account.id}` : `sign-in:identifier:${identifier.toLowerCase()}`;
        const failures = [
          { key: `${accountKey}:ip:${clientAddressKey(request.ip)}`, limit: limits.signInPerAccount },
          { key: accountKey, limit: limits.signInPerAccountTotal },
        ];
        const wait = await rateLimiter.peek(failures);
        if (wait) return tooMany(reply, wait);

        const result = await checkSignIn(db, account, password);
        if (!result.ok) {
          if (result.reason === 'invalid_credentials') {
            await rateLimiter.hit(failures);
            return page('The username, email or password is incorrect.', 401);
          }
          return page('This account is suspended. Contact your administrator.', 403);
        }
        // The application's access control, told here rather than as an error at the application
        // (the authorization checks it again, as for a remembered session).
        if (!(await mayUseApplication(db, String(interaction.params.client_id), result.userId))) {
          return page('This account may not sign in to this application. Sign in with another account, or ask your administrator.', 403);
        }
        return finish(request, reply, { login: { accountId: result.userId, remember: true } }, async () =>
          onSignedIn?.('PostSignIn', request, { userId: result.userId, applicationId: String(interaction.params.client_id) }),
        );
      },
    );

    scope.get<{ Params: { uid: string } }>('/sign-in/:uid/register', { schema: { hide: true } as never }, async (request, reply) => {
      const interaction = await details(request, reply);
      if (!interaction) return reply;
      if (!config.registrationEnabled) return html(reply, messagePage('Registration is closed', 'Ask an administrator for an account.'), 403);
      return html(reply, registerPage({ uid: interaction.uid, clientName: await clientName(interaction) }));
    });

    scope.post<{ Params: { uid: string }; Body: FormFields }>(
      '/sign-in/:uid/register',
      { schema: { hide: true } as never },
      async (request, reply) => {
        const interaction = await details(request, reply);
        if (!interaction) return reply;
        if (!config.registrationEnabled) return html(reply, messagePage('Registration is closed', 'Ask an administrator for an account.'), 403);
        const wait = await rateLimiter.hit([{ key: ipKey(request), limit: limits.signInPerIp }]);
        if (wait) return tooMany(reply, wait);
        const input = {
          username: single(request.body, 'username').trim(),
          email: single(request.body, 'email').trim(),
          password: single(request.body, 'password'),
        };
        const outcome = await register(db, input);
        if ('problem' in outcome) {
          const name = await clientName(interaction);
          return html(reply, registerPage({ uid: interaction.uid, clientName: name, username: input.username, email: input.email, error: outcome.problem }), 422);
        }
        return finish(request, reply, { login: { accountId: outcome.userId, remember: true } }, async () =>
          onSignedIn?.('PostRegister', request, { userId: outcome.userId, applicationId: String(interaction.params.client_id) }),
        );
      },
    );

    scope.post<{ Params: { uid: string }; Body: FormFields }>('/sign-in/:uid/consent', { schema: { hide: true } as never }, async (request, reply) => {
      const interaction = await details(request, reply);
      if (!interaction) return reply;
      if (interaction.prompt.name !== 'consent' || !interaction.session?.accountId) {
        return html(reply, messagePage('Nothing to allow', 'Go back to the application and start again.'), 400);
      }
      const firstParty = await isFirstParty(interaction);
      const decision = await consentDecision(interaction, firstParty);
      // The page offered organizations only when the application may ask for them.
      if (asksForOrganizations(interaction) && !firstParty && decision.organizationsAllowed) {
        const chosen = [request.body?.organization_id ?? []].flat().map(String);
        await consents.recordConsentChoice(db, String(interaction.params.client_id), interaction.session.accountId, chosen);
      }
      return grantConsent(request, reply, interaction, decision);
    });

    scope.post<{ Params: { uid: string } }>('/sign-in/:uid/abort', { schema: { hide: true } as never }, async (request, reply) => {
      const interaction = await details(request, reply);
      if (!interaction) return reply;
      return finish(request, reply, { error: 'access_denied', error_description: 'End-User aborted interaction' });
    });
  });
}
