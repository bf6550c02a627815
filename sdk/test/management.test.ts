import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createManagementClient, ManagementApiError, type ManagementClientOptions } from '../src/management/index.ts';
import { listeningGuildhall, type ListeningGuildhall } from './support/guildhall.ts';

// At the top level, so that the harness's after() hook closes it when the file ends.
const gh: ListeningGuildhall = await listeningGuildhall();

const optionsFor = (overrides: Partial<ManagementClientOptions> = {}): ManagementClientOptions => ({
  endpoint: gh.url,
  apiIndicator: gh.apiIndicator,
  clientId: gh.admin.id,
  clientSecret: gh.admin.secret,
  ...overrides,
});

/** A fetch that records each request ("token" or "api") and can rewrite token answers. */
function recordingFetch(rewriteToken?: (body: { access_token: string; expires_in: number }, index: number) => object) {
  const calls: Array<'token' | 'api'> = [];
  let tokenIndex = 0;
  const wrapped: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const kind = url.pathname === '/oidc/token' ? 'token' : 'api';
    calls.push(kind);
    const response = await fetch(input, init);
    if (kind !== 'token' || !rewriteToken || !response.ok) return response;
    const body = rewriteToken(await response.json(), tokenIndex++);
    return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
  };
  return { fetch: wrapped, calls, count: (kind: 'token' | 'api') => calls.filter((call) => call === kind).length };
}

const unique = (prefix: string) => `${prefix}${Math.random().toString(36).slice(2, 10)}`;

describe('Management API client against a real Guildhall', () => {
  it('creates, reads, lists with Total-Number, updates and deletes with typed calls', async () => {
    const api = createManagementClient(optionsFor());
    const name = unique('sdk:');
    const created = await api.post('/api/organization-scopes', { body: { name, description: 'from the SDK' } });
    assert.equal(created.status, 201);
    assert.equal(created.data.name, name);
    assert.equal(created.data.description, 'from the SDK');

    const read = await api.get('/api/organization-scopes/{id}', { path: { id: created.data.id } });
    assert.deepEqual(read.data, created.data);

    await api.post('/api/organization-scopes', { body: { name: unique('sdk:') } });
    const page = await api.get('/api/organization-scopes', { query: { page: 1, page_size: 1 } });
    assert.equal(page.data.length, 1);
    assert.ok(page.totalNumber !== undefined && page.totalNumber >= 2, `Total-Number: ${page.totalNumber}`);

    const updated = await api.patch('/api/organization-scopes/{id}', { path: { id: created.data.id }, body: { description: null } });
    assert.equal(updated.data.description, null);

    const deleted = await api.delete('/api/organization-scopes/{id}', { path: { id: created.data.id } });
    assert.equal(deleted.status, 204);
    assert.equal(deleted.data, undefined);
  });

  it('URL-encodes path parameters and passes query parameters', async () => {
    const api = createManagementClient(optionsFor());
    const organization = await api.post('/api/organizations', { body: { name: unique('Org ') } });
    const error = await api.get('/api/organization-scopes/{id}', { path: { id: 'a/../b c' } }).catch((e: unknown) => e);
    assert.ok(error instanceof ManagementApiError);
    assert.equal(error.status, 404);
    assert.equal(error.code, 'entity.not_exists_with_id');
    const members = await api.get('/api/organizations/{id}/users', { path: { id: organization.data.id }, query: { q: 'nobody' } });
    assert.deepEqual(members.data, []);
  });

  it("surfaces the server's { code, message } as a ManagementApiError with status and code", async () => {
    const api = createManagementClient(optionsFor());
    const name = unique('dup:');
    await api.post('/api/organization-scopes', { body: { name } });
    const duplicate = await api.post('/api/organization-scopes', { body: { name } }).catch((e: unknown) => e);
    assert.ok(duplicate instanceof ManagementApiError);
    assert.equal(duplicate.status, 422);
    assert.equal(duplicate.code, 'entity.unique_integrity_violation');
    assert.equal(duplicate.request, 'POST /api/organization-scopes');

    const invalid = await api.post('/api/organization-scopes', { body: { name: 42 as unknown as string } }).catch((e: unknown) => e);
    assert.ok(invalid instanceof ManagementApiError);
    assert.equal(invalid.status, 400);
    assert.equal(invalid.code, 'guard.invalid_input');
    assert.ok(invalid.message.length > 0);
  });

  it('fails with oauth.invalid_client when the credentials are wrong', async () => {
    const api = createManagementClient(optionsFor({ clientSecret: 'wrong-secret' }));
    const error = await api.get('/api/organization-scopes').catch((e: unknown) => e);
    assert.ok(error instanceof ManagementApiError);
    assert.equal(error.status, 401);
    assert.equal(error.code, 'oauth.invalid_client');
  });

  it('caches the token and shares one token request between concurrent calls', async () => {
    const recorder = recordingFetch();
    const api = createManagementClient(optionsFor({ fetch: recorder.fetch }));
    await Promise.all([1, 2, 3, 4, 5].map(() => api.get('/api/organization-scopes', { query: { page: 1 } })));
    await api.get('/api/organizations');
    assert.equal(recorder.count('token'), 1);
    assert.equal(recorder.count('api'), 6);
  });

  it('renews the token ahead of its expiry', async () => {
    // The server's tokens live an hour; the answer is rewritten to 2 s so renewal is observable:
    // with a 60 s margin capped at half the lifetime, the token is renewed after 1 s.
    const recorder = recordingFetch((body) => ({ ...body, expires_in: 2 }));
    const api = createManagementClient(optionsFor({ fetch: recorder.fetch }));
    await api.get('/api/organization-scopes');
    await api.get('/api/organization-scopes');
    assert.equal(recorder.count('token'), 1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await api.get('/api/organization-scopes');
    assert.equal(recorder.count('token'), 2);
  });

  it('renews the token and retries once when the API answers 401', async () => {
    // The first token is tampered with, so the server rejects it for real (bad signature).
    const tamper = (token: string) => token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const recorder = recordingFetch((body, index) => (index === 0 ? { ...body, access_token: tamper(body.access_token) } : body));
    const api = createManagementClient(optionsFor({ fetch: recorder.fetch }));
    const { status } = await api.get('/api/organization-scopes');
    assert.equal(status, 200);
    assert.deepEqual(recorder.calls, ['token', 'api', 'token', 'api']);
  });

  it('retries a 401 only once', async () => {
    const recorder = recordingFetch((body) => ({ ...body, access_token: `${body.access_token}x` }));
    const api = createManagementClient(optionsFor({ fetch: recorder.fetch }));
    const error = await api.get('/api/organization-scopes').catch((e: unknown) => e);
    assert.ok(error instanceof ManagementApiError);
    assert.equal(error.status, 401);
    assert.equal(error.code, 'auth.unauthorized');
    assert.deepEqual(recorder.calls, ['token', 'api', 'token', 'api']);
  });
});

describe('Management API client options', () => {
  it('validates options at creation, naming the wrong key', () => {
    const base = { endpoint: 'https://auth.example.com', clientId: 'id', clientSecret: 'secret' };
    assert.throws(() => createManagementClient({ ...base, endpoint: 'not a url' }), /options\.endpoint/);
    assert.throws(() => createManagementClient({ ...base, endpoint: 'http://auth.example.com' }), /options\.endpoint must be an https: URL/);
    assert.doesNotThrow(() => createManagementClient({ ...base, endpoint: 'http://auth.internal', allowInsecureHttp: true }));
    assert.doesNotThrow(() => createManagementClient({ ...base, endpoint: 'http://localhost:3001' }));
    assert.throws(() => createManagementClient({ ...base, clientSecret: '' }), /options\.clientSecret/);
    assert.throws(() => createManagementClient({ ...base, timeoutMs: -1 }), /options\.timeoutMs/);
  });

  it('rejects a call without a required path parameter before sending it', async () => {
    const api = createManagementClient({ endpoint: 'https://auth.example.com', clientId: 'id', clientSecret: 'secret' });
    const call = api.get as (path: string, options?: object) => Promise<unknown>;
    await assert.rejects(call('/api/organizations/{id}', { path: {} }), /path parameter "id" is required/);
  });
});

// Compile-time checks: `tsc -p sdk` fails if the generated types stop constraining calls.
// Never executed.
export function typeChecks(api: ReturnType<typeof createManagementClient>) {
  // @ts-expect-error an unknown path
  void api.get('/api/nope');
  // @ts-expect-error DELETE is not defined on the collection
  void api.delete('/api/organizations');
  // @ts-expect-error the path parameter is required
  void api.get('/api/organizations/{id}');
  // @ts-expect-error the body is required
  void api.post('/api/organization-scopes');
  // @ts-expect-error the body's name must be a string
  void api.post('/api/organization-scopes', { body: { name: 1 } });
  // @ts-expect-error a GET takes no body
  void api.get('/api/organizations', { body: {} });
  void api.get('/api/organizations/{id}', { path: { id: 'x' } }).then(({ data }) => {
    const name: string = data.name;
    // @ts-expect-error no such field in the response
    void data.notAField;
    return name;
  });
}
