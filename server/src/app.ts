import swagger from '@fastify/swagger';
import type Provider from 'oidc-provider';
import type { Configuration } from 'oidc-provider';
import type { Config } from './platform/config.ts';
import type { AppContext } from './platform/context.ts';
import { openDatabase, type DatabaseHandle } from './platform/database.ts';
import { createHttpServer, type App } from './platform/http.ts';
import { migrate } from './platform/migrate.ts';
import { bootstrap, type BootstrapResult } from './management-api/bootstrap.ts';
import { createManagementAuth } from './management-api/auth.ts';
import { managementApiIndicator } from './management-api/constants.ts';
import { managementFeatures } from './management-api/routes.ts';
import { auditHooks } from './audit-log/record.ts';
import { webhooks } from './webhooks/deliver.ts';
import { setupOidc } from './oidc/setup.ts';
import { consolePlugin } from './console/plugin.ts';

export interface Guildhall {
  app: App;
  context: AppContext;
  provider: Provider;
  bootstrap: BootstrapResult;
  /** Milliseconds spent opening the database, and on Guildhall's own start-up work after it. */
  timings: { openDatabase: number; startup: number };
  close(): Promise<void>;
}

export interface BuildOptions {
  /** An already open database (tests share one); it is not closed by `close()`. */
  database?: DatabaseHandle;
  /** Extends the oidc-provider configuration (sign-in, organization tokens). */
  extendOidc?: (configuration: Configuration) => Configuration;
}

/** Builds a ready Guildhall: database migrated, bootstrap done, routes registered. Does not listen. */
export async function buildGuildhall(config: Config, options: BuildOptions = {}): Promise<Guildhall> {
  const t0 = performance.now();
  const database = options.database ?? (await openDatabase({ ...config, poolSize: config.databasePoolSize }));
  const t1 = performance.now();

  await migrate(database.db);
  const bootstrapResult = await bootstrap(database.db, config);
  const context: AppContext = { config, db: database.db, dbKind: database.kind };

  const app = createHttpServer({ logLevel: config.logLevel, trustProxy: config.trustProxy });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Guildhall Management API',
        version: '0.1.0',
        description:
          'Manage the organization template, organizations, members, users, applications and API resources. ' +
          'Wire-compatible with Logto’s organizations API. Authenticate with a client-credentials token for the ' +
          '`all` scope of the Management API resource.',
      },
      servers: [{ url: config.endpoint }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
    hiddenTag: 'hidden',
  });

  app.get(
    '/api/status',
    { schema: { tags: ['Health'], summary: 'Readiness', security: [], response: { 204: { type: 'null' } } } },
    async (_request, reply) => reply.status(204).send(null),
  );
  app.get('/api/swagger.json', { schema: { hide: true } }, async () => app.swagger());

  // oidc-provider at /oidc, the hosted sign-in pages at /sign-in, signing-key reload (oidc/setup.ts).
  const hooks = webhooks(context.db, app.log);
  const oidc = await setupOidc(app, context, { extend: options.extendOidc, onSignedIn: hooks.signedIn });
  await consolePlugin(app, context);

  const authenticate = createManagementAuth({
    issuer: `${config.endpoint}/oidc`,
    audience: managementApiIndicator(config.endpoint),
    getJwks: () => oidc.publicJwks(),
    reloadJwks: async () => {
      await oidc.reloadKeys();
    },
  });
  await app.register(
    async (api) => {
      api.addHook('onRequest', authenticate);
      // Every change the Management API answers with success is recorded before the answer leaves.
      // Webhooks: a change's events are queued before the answer. Both only on the routes that
      // change something: a read pays nothing for them.
      const audit = auditHooks(context.db);
      api.addHook('onRoute', (route) => {
        const methods = Array.isArray(route.method) ? route.method : [route.method];
        if (!methods.some((method) => CHANGES.has(method))) return;
        route.preHandler = [...asArray(route.preHandler), audit.preHandler] as typeof route.preHandler;
        route.onSend = [...asArray(route.onSend), audit.onSend, hooks.onSend] as typeof route.onSend;
      });
      for (const feature of managementFeatures) await feature(api, context);
    },
    { prefix: '/api' },
  );

  await app.ready();
  hooks.start();
  const t2 = performance.now();
  return {
    app,
    context,
    get provider() {
      return oidc.provider;
    },
    bootstrap: bootstrapResult,
    timings: { openDatabase: t1 - t0, startup: t2 - t1 },
    async close() {
      await hooks.stop();
      await app.close();
      await oidc.close();
      if (!options.database) await database.close();
    },
  };
}

const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
