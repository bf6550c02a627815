import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { describe, it } from 'node:test';
import type { RouteOptions } from 'fastify';
import { startGuildhall } from '../support/guildhall.ts';
import { given } from '../support/given.ts';

/**
 * The OpenAPI document is generated from the route schemas; this file checks that it covers every
 * route actually registered under /api. Routes are discovered from Fastify itself: the
 * `fastify.initialization` diagnostics channel hands us the instance as it is created, and an
 * `onRoute` hook records every route registered afterwards, so no hand-kept list can go stale.
 */
interface RegisteredRoute {
  method: string;
  url: string;
  schema: Record<string, any> | undefined;
  handlerSource: string;
}

const registered: RegisteredRoute[] = [];
const onInit = (message: unknown) => {
  const { fastify } = message as { fastify: { addHook: (name: 'onRoute', hook: (route: RouteOptions) => void) => void } };
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      registered.push({
        method: String(method).toUpperCase(),
        url: route.url,
        schema: route.schema as Record<string, any> | undefined,
        handlerSource: String(route.handler),
      });
    }
  });
};
diagnostics.subscribe('fastify.initialization', onInit);
const gh = await startGuildhall();
diagnostics.unsubscribe('fastify.initialization', onInit);

const swagger = await gh.inject({ method: 'GET', url: '/api/swagger.json' });
const doc = swagger.json() as Record<string, any>;

/** Routes that are deliberately absent from the document. */
const HIDDEN = new Set(['GET /api/swagger.json']);

/** Fastify's `/a/:id` as OpenAPI's `/a/{id}`. */
const toOpenApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');
const pathParams = (url: string) => [...url.matchAll(/:(\w+)/g)].map((match) => match[1]!);

const apiRoutes = () => {
  const routes = registered.filter((route) => route.url.startsWith('/api'));
  // Fastify adds a HEAD route for every GET by itself; it is the GET that is documented.
  const gets = new Set(routes.filter((route) => route.method === 'GET').map((route) => route.url));
  return routes.filter((route) => !(route.method === 'HEAD' && gets.has(route.url)));
};

/** Resolves a local `$ref` (`#/components/schemas/X`) in the document. */
function deref(schema: any): any {
  let current = schema;
  for (let i = 0; current && typeof current.$ref === 'string' && i < 20; i++) {
    const pointer = current.$ref.replace(/^#\//, '').split('/');
    current = pointer.reduce((node: any, key: string) => node?.[key], doc);
  }
  return current;
}

/** Every property name a schema can produce, at any depth. */
function propertyNames(schema: any, seen = new Set<any>()): string[] {
  const node = deref(schema);
  if (!node || typeof node !== 'object' || seen.has(node)) return [];
  seen.add(node);
  const names: string[] = [];
  if (node.properties) {
    for (const [name, child] of Object.entries(node.properties)) names.push(name, ...propertyNames(child, seen));
  }
  for (const key of ['items', 'additionalProperties', 'not']) {
    if (node[key] && typeof node[key] === 'object') names.push(...propertyNames(node[key], seen));
  }
  for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems']) {
    if (Array.isArray(node[key])) for (const child of node[key]) names.push(...propertyNames(child, seen));
  }
  return names;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

describe('OpenAPI document', () => {
  it('is served as OpenAPI 3.1 with paths, operations and responses', () => {
    assert.equal(swagger.statusCode, 200);
    assert.match(String(swagger.headers['content-type']), /application\/json/);
    assert.match(doc.openapi, /^3\.1\.\d+$/);
    assert.equal(typeof doc.info?.title, 'string');
    assert.equal(typeof doc.info?.version, 'string');
    assert.ok(doc.paths && typeof doc.paths === 'object', 'paths');
    assert.equal(doc.components?.securitySchemes?.bearer?.scheme, 'bearer');
    const operationIds = new Set<string>();
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      assert.match(path, /^\//, `${path} starts with /`);
      assert.doesNotMatch(path, /:\w/, `${path} uses {param}, not :param`);
      for (const [method, operation] of Object.entries<any>(item)) {
        if (method === 'parameters' || method === 'summary' || method === 'description') continue;
        const where = `${method.toUpperCase()} ${path}`;
        assert.ok(METHODS.includes(method), `${where}: unknown method`);
        if (operation.operationId) {
          assert.ok(!operationIds.has(operation.operationId), `${where}: duplicate operationId`);
          operationIds.add(operation.operationId);
        }
        const statuses = Object.keys(operation.responses ?? {});
        assert.ok(statuses.length > 0, `${where}: no responses`);
        for (const status of statuses) {
          assert.match(status, /^([1-5]\d\d|[1-5]XX|default)$/, `${where}: response key ${status}`);
          assert.equal(typeof operation.responses[status].description, 'string', `${where} ${status}: description`);
        }
        for (const parameter of operation.parameters ?? []) {
          assert.equal(typeof parameter.name, 'string', `${where}: parameter name`);
          assert.ok(['path', 'query', 'header', 'cookie'].includes(parameter.in), `${where}: parameter ${parameter.name} in`);
          assert.ok(parameter.schema || parameter.content, `${where}: parameter ${parameter.name} has a schema`);
          if (parameter.in === 'path') assert.equal(parameter.required, true, `${where}: path parameter ${parameter.name} required`);
        }
        const templated = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
        const declared = (operation.parameters ?? []).filter((p: any) => p.in === 'path').map((p: any) => p.name);
        assert.deepEqual([...declared].sort(), [...templated].sort(), `${where}: path parameters match the template`);
      }
    }
  });

  it('documents every registered /api route, with request and response schemas', () => {
    const routes = apiRoutes();
    assert.ok(routes.length >= 10, `found only ${routes.length} routes: the onRoute discovery is broken`);
    const problems: string[] = [];
    for (const route of routes) {
      const key = `${route.method} ${route.url}`;
      if (HIDDEN.has(key)) continue;
      const path = toOpenApiPath(route.url);
      const operation = doc.paths[path]?.[route.method.toLowerCase()];
      if (!operation) {
        problems.push(`${key}: missing from /api/swagger.json (no schema, or hidden)`);
        continue;
      }
      const schema = route.schema ?? {};
      // Responses: at least one success status, and every declared status has a schema.
      const responses = Object.entries<any>(schema.response ?? {});
      if (!responses.some(([status]) => /^2/.test(status))) problems.push(`${key}: no 2xx response schema`);
      for (const [status] of responses) {
        if (!operation.responses?.[status]) problems.push(`${key}: response ${status} not in the document`);
      }
      for (const [status, response] of Object.entries<any>(operation.responses ?? {})) {
        if (status === '204') continue;
        const body = response.content?.['application/json']?.schema;
        if (!body) {
          problems.push(`${key}: response ${status} has no JSON schema`);
          continue;
        }
        if (/^[45]/.test(status)) {
          const names = propertyNames(body);
          if (!names.includes('code') || !names.includes('message')) problems.push(`${key}: error ${status} is not {code, message}`);
        }
      }
      // Path parameters: declared with a schema for each.
      const params = pathParams(route.url);
      for (const name of params) {
        if (!schema.params?.properties?.[name]) problems.push(`${key}: path parameter ${name} has no schema`);
      }
      // Query: a handler that reads the query string declares it.
      if (/\bquery\b/.test(route.handlerSource) && !schema.querystring) problems.push(`${key}: reads the query without a schema`);
      for (const name of Object.keys(schema.querystring?.properties ?? {})) {
        if (!operation.parameters?.some((p: any) => p.in === 'query' && p.name === name)) {
          problems.push(`${key}: query parameter ${name} not in the document`);
        }
      }
      // Body: PUT and PATCH always take one; POST when its handler reads it.
      const readsBody = /\bbody\b/.test(route.handlerSource);
      if ((route.method === 'PUT' || route.method === 'PATCH' || (route.method === 'POST' && readsBody)) && !schema.body) {
        problems.push(`${key}: takes a body without a schema`);
      }
      if (schema.body && !operation.requestBody?.content?.['application/json']?.schema) {
        problems.push(`${key}: request body not in the document`);
      }
    }
    assert.deepEqual(problems, [], `routes without a complete schema:\n  ${problems.join('\n  ')}`);
  });

  it('has no documented operation that is not registered', () => {
    const keys = new Set(registered.map((route) => `${route.method} ${toOpenApiPath(route.url)}`));
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const method of Object.keys(item).filter((m) => METHODS.includes(m))) {
        assert.ok(keys.has(`${method.toUpperCase()} ${path}`), `${method.toUpperCase()} ${path} is documented but not registered`);
      }
    }
  });

  it('exposes no password digest, secret or private key, except where an app secret is the point', () => {
    // The application-creation response and the explicit secrets routes carry client secrets.
    const mayShowSecret = (method: string, path: string) =>
      (method === 'post' && path === '/api/applications') || /\/secrets(\/|$)/.test(path);
    const leaks: string[] = [];
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const [method, operation] of Object.entries<any>(item)) {
        if (!METHODS.includes(method)) continue;
        for (const [status, response] of Object.entries<any>(operation.responses ?? {})) {
          for (const name of propertyNames(response.content?.['application/json']?.schema)) {
            const lower = name.toLowerCase();
            const forbidden =
              lower.includes('passworddigest') ||
              lower.includes('privatejwk') ||
              lower.includes('privatekey') ||
              (/secret/.test(lower) && !mayShowSecret(method, path));
            if (forbidden) leaks.push(`${method.toUpperCase()} ${path} ${status}: ${name}`);
          }
        }
      }
    }
    assert.deepEqual(leaks, [], `sensitive fields in response schemas:\n  ${leaks.join('\n  ')}`);
    // The creation response does carry the secret (so the exemption above is not vacuous).
    assert.ok(propertyNames(doc.paths['/api/applications']?.post?.responses?.['200']?.content?.['application/json']?.schema ??
      doc.paths['/api/applications']?.post?.responses?.['201']?.content?.['application/json']?.schema).includes('secret'));
  });

  it('does not leak the password digest or app secret at run time either', async () => {
    const user = await given(gh).user({ password: 'a long enough password' });
    const app = await given(gh).m2mApp();
    for (const url of [`/api/users/${user.id}`, '/api/users?page_size=100', `/api/applications/${app.id}`, '/api/applications']) {
      const response = await gh.api('GET', url);
      assert.equal(response.status, 200, url);
      assert.doesNotMatch(response.text, /passwordDigest|\$argon2/i, url);
      assert.ok(!response.text.includes(app.secret), `${url} shows the app secret`);
    }
  });
});
