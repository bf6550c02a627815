import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Router } from '@koa/router';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';
import * as expressAdapter from '../../src/adapters/express.ts';
import * as fastifyAdapter from '../../src/adapters/fastify.ts';
import * as honoAdapter from '../../src/adapters/hono.ts';
import * as koaAdapter from '../../src/adapters/koa.ts';
import type { OrganizationAuth, OrganizationTokenVerifier } from '../../src/index.ts';

/**
 * Every adapter app exposes the same routes:
 * - GET    /organizations/:organizationId/members          requires invite:users
 * - DELETE /organizations/:organizationId/members/:userId  requires invite:users and remove:users
 * - GET    /any-organization                                requires invite:users, any organization
 * - GET    /misconfigured/:orgId                            expects :organizationId, which is absent
 */
export interface RunningApp {
  url: string;
  close(): Promise<void>;
}

export interface AdapterApp {
  name: string;
  start(verifier: OrganizationTokenVerifier): Promise<RunningApp>;
}

const both = ['invite:users', 'remove:users'];
const view = ({ claims: _claims, ...auth }: OrganizationAuth) => auth;

function running(server: Server): RunningApp {
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

const listening = (server: Server) =>
  new Promise<Server>((resolve) => (server.listening ? resolve(server) : server.once('listening', () => resolve(server))));

export const adapterApps: AdapterApp[] = [
  {
    name: 'express',
    async start(verifier) {
      const { requireOrganizationScopes } = expressAdapter;
      const app = express();
      app.get('/organizations/:organizationId/members', requireOrganizationScopes(verifier, 'invite:users'), (req, res) => {
        res.json(view(req.organizationAuth!));
      });
      app.delete('/organizations/:organizationId/members/:userId', requireOrganizationScopes(verifier, both), (req, res) => {
        res.json(view(req.organizationAuth!));
      });
      app.get('/any-organization', requireOrganizationScopes(verifier, 'invite:users', { organizationIdParam: false }), (req, res) => {
        res.json(view(req.organizationAuth!));
      });
      app.get('/misconfigured/:orgId', requireOrganizationScopes(verifier, 'invite:users'), (_req, res) => {
        res.json({});
      });
      // Quiet error handler: the misconfigured route must surface as a 500, not a stack trace.
      app.use((_error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
        res.status(500).json({ code: 'internal_error' });
      });
      return running(await listening(app.listen(0, '127.0.0.1')));
    },
  },
  {
    name: 'fastify',
    async start(verifier) {
      const { requireOrganizationScopes } = fastifyAdapter;
      const app = Fastify();
      app.get('/organizations/:organizationId/members', { preHandler: requireOrganizationScopes(verifier, 'invite:users') },
        async (request) => view(request.organizationAuth!));
      app.delete('/organizations/:organizationId/members/:userId', { preHandler: requireOrganizationScopes(verifier, both) },
        async (request) => view(request.organizationAuth!));
      app.get('/any-organization', { preHandler: requireOrganizationScopes(verifier, 'invite:users', { organizationIdParam: false }) },
        async (request) => view(request.organizationAuth!));
      app.get('/misconfigured/:orgId', { preHandler: requireOrganizationScopes(verifier, 'invite:users') }, async () => ({}));
      await app.listen({ port: 0, host: '127.0.0.1' });
      return running(app.server);
    },
  },
  {
    name: 'hono',
    async start(verifier) {
      const { requireOrganizationScopes } = honoAdapter;
      const app = new Hono<honoAdapter.OrganizationAuthEnv>();
      app.get('/organizations/:organizationId/members', requireOrganizationScopes(verifier, 'invite:users'),
        (c) => c.json(view(c.get('organizationAuth'))));
      app.delete('/organizations/:organizationId/members/:userId', requireOrganizationScopes(verifier, both),
        (c) => c.json(view(c.get('organizationAuth'))));
      app.get('/any-organization', requireOrganizationScopes(verifier, 'invite:users', { organizationIdParam: false }),
        (c) => c.json(view(c.get('organizationAuth'))));
      app.get('/misconfigured/:orgId', requireOrganizationScopes(verifier, 'invite:users'), (c) => c.json({}));
      app.onError((_error, c) => c.json({ code: 'internal_error' }, 500));
      const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
      return running(await listening(server));
    },
  },
  {
    name: 'koa',
    async start(verifier) {
      const { requireOrganizationScopes } = koaAdapter;
      const app = new Koa();
      app.silent = true;
      const router = new Router();
      router.get('/organizations/:organizationId/members', requireOrganizationScopes(verifier, 'invite:users'), (ctx) => {
        ctx.body = view(ctx.state.organizationAuth);
      });
      router.delete('/organizations/:organizationId/members/:userId', requireOrganizationScopes(verifier, both), (ctx) => {
        ctx.body = view(ctx.state.organizationAuth);
      });
      router.get('/any-organization', requireOrganizationScopes(verifier, 'invite:users', { organizationIdParam: false }), (ctx) => {
        ctx.body = view(ctx.state.organizationAuth);
      });
      router.get('/misconfigured/:orgId', requireOrganizationScopes(verifier, 'invite:users'), (ctx) => {
        ctx.body = {};
      });
      app.use(router.routes());
      return running(await listening(app.listen(0, '127.0.0.1')));
    },
  },
];
