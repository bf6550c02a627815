import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { given } from '../support/given.ts';
import { startGuildhall } from '../support/guildhall.ts';
import {
  authorizeUrl,
  browser,
  decodeJwt,
  formAction,
  pkce,
  PASSWORD,
  REDIRECT_URI,
  signInAndExchange,
  signInThroughPages,
  tokenRequest,
} from '../oidc/flow.ts';

const gh = await startGuildhall({ GUILDHALL_REGISTRATION: 'true' });
const g = given(gh);
const spa = await g.application({
  type: 'SPA',
  oidcClientMetadata: { redirectUris: [REDIRECT_URI], postLogoutRedirectUris: ['http://app.example/'] },
});

describe('hosted sign-in pages', () => {
  it('renders an accessible sign-in page without scripts or external assets, under a strict CSP', async () => {
    const session = browser(gh);
    const page = await session.follow(await session.request('GET', authorizeUrl({ clientId: spa.id, challenge: pkce().challenge })));
    assert.ok(!(page instanceof URL));
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-security-policy']), /default-src 'none'/);
    assert.match(page.body, /<label for="identifier">/);
    assert.match(page.body, /<label for="password">/);
    assert.match(page.body, /<html lang="en">/);
    assert.doesNotMatch(page.body, /<script|https?:\/\/(?!app\.example)/);
    assert.match(page.body, new RegExp(`Sign in to ${spa.name}`));
  });

  it('signs in by username and by email (any case), updates last_sign_in_at, and the code exchange gives tokens', async () => {
    const email = `${g.unique('mail')}@example.com`;
    const user = await g.user({ primaryEmail: email });
    assert.equal(user.lastSignInAt, null);
    const byName = await signInAndExchange(gh, { clientId: spa.id, identifier: user.username.toUpperCase(), scope: 'openid profile email' });
    const claims = decodeJwt(byName.id_token!);
    assert.equal(claims.sub, user.id);
    assert.equal(claims.email, email);
    assert.equal(claims.username, user.username);
    assert.ok(byName.refresh_token, 'first-party apps get a refresh token');
    const byEmail = await signInAndExchange(gh, { clientId: spa.id, identifier: email.toUpperCase() });
    assert.equal(decodeJwt(byEmail.id_token!).sub, user.id);
    const after = await gh.api('GET', `/api/users/${user.id}`);
    assert.equal(typeof after.body.lastSignInAt, 'number');

    const userinfo = await gh.inject({ method: 'GET', url: '/oidc/me', headers: { authorization: `Bearer ${byName.access_token}` } });
    assert.equal(userinfo.statusCode, 200, userinfo.body);
    assert.equal(userinfo.json().sub, user.id);
    assert.equal(userinfo.json().email, email);
  });

  it('answers a wrong password and an unknown user with the same message (401)', async () => {
    const user = await g.user();
    for (const identifier of [user.username, 'nobody-here']) {
      const { page } = await signInThroughPages(gh, {
        clientId: spa.id,
        challenge: pkce().challenge,
        identifier,
        password: 'wrong password!',
      });
      assert.equal(page?.statusCode, 401);
      assert.match(page!.body, /role="alert"[^>]*>The username, email or password is incorrect\./);
      assert.match(page!.body, new RegExp(`value="${identifier}"`), 'the identifier is kept in the form');
    }
  });

  it('refuses a sign-in form that repeats a field (400), without signing anyone in', async () => {
    const user = await g.user();
    const session = browser(gh);
    const page = await session.follow(await session.request('GET', authorizeUrl({ clientId: spa.id, challenge: pkce().challenge })));
    assert.ok(!(page instanceof URL));
    const form = new URLSearchParams([
      ['identifier', user.username],
      ['identifier', 'someone-else'],
      ['password', PASSWORD],
    ]);
    const answer = await session.request('POST', formAction(page.body, 'login'), form);
    assert.equal(answer.statusCode, 400);
    assert.match(answer.body, /Enter your username or email and your password\./);
    // The same session still signs in with a well-formed form.
    const retry = await session.follow(await session.request('POST', formAction(page.body, 'login'), { identifier: user.username, password: PASSWORD }));
    assert.ok(retry instanceof URL && retry.searchParams.get('code'), 'the well-formed retry reaches the application with a code');
  });

  it('refuses a suspended user at sign-in (403) and at refresh (invalid_grant)', async () => {
    const user = await g.user();
    const tokens = await signInAndExchange(gh, { clientId: spa.id, identifier: user.username });
    assert.equal((await gh.api('PATCH', `/api/users/${user.id}/is-suspended`, { isSuspended: true })).status, 200);
    const { page } = await signInThroughPages(gh, { clientId: spa.id, challenge: pkce().challenge, identifier: user.username });
    assert.equal(page?.statusCode, 403);
    assert.match(page!.body, /This account is suspended/);
    const refreshed = await tokenRequest(gh, { grant_type: 'refresh_token', client_id: spa.id, refresh_token: tokens.refresh_token! });
    assert.equal(refreshed.status, 400);
    assert.equal(refreshed.body.error, 'invalid_grant');
  });

  it('registers a new account when registration is on, and reports a taken username', async () => {
    const session = browser(gh);
    const page = await session.follow(await session.request('GET', authorizeUrl({ clientId: spa.id, challenge: pkce().challenge })));
    assert.ok(!(page instanceof URL));
    const form = await session.request('GET', `${formAction(page.body, 'register')}`);
    assert.equal(form.statusCode, 200);
    const taken = await g.user();
    const clash = await session.request('POST', formAction(form.body, 'register'), { username: taken.username, email: '', password: 'long enough pw' });
    assert.equal(clash.statusCode, 422);
    assert.match(clash.body, /This username is already taken\./);
    const short = await session.request('POST', formAction(form.body, 'register'), { username: g.unique('new'), email: '', password: 'short' });
    assert.equal(short.statusCode, 422);
    assert.match(short.body, /at least 8 characters/);
    const username = g.unique('new');
    const done = await session.follow(await session.request('POST', formAction(form.body, 'register'), { username, email: '', password: 'long enough pw' }));
    assert.ok(done instanceof URL, 'registration completes the sign-in');
    assert.ok(done.searchParams.get('code'));
    const users = await gh.api('GET', `/api/users?search=${username}`);
    assert.equal(users.body.length, 1);
  });

  it('shows a clear page when the interaction cookie is missing or expired', async () => {
    const response = await gh.inject({ method: 'GET', url: '/sign-in/unknown-uid' });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /This sign-in has expired/);
  });

  it('cancelling returns access_denied to the application', async () => {
    const session = browser(gh);
    const page = await session.follow(await session.request('GET', authorizeUrl({ clientId: spa.id, challenge: pkce().challenge })));
    assert.ok(!(page instanceof URL));
    const back = await session.follow(await session.request('POST', formAction(page.body, 'abort')));
    assert.ok(back instanceof URL);
    assert.equal(back.searchParams.get('error'), 'access_denied');
  });

  it('signs out through the end-session page and redirects to the registered post-logout URI', async () => {
    const user = await g.user();
    const { verifier, challenge } = pkce();
    const { callback, session } = await signInThroughPages(gh, { clientId: spa.id, challenge, identifier: user.username });
    const tokens = await tokenRequest(gh, {
      grant_type: 'authorization_code',
      client_id: spa.id,
      code: callback!.searchParams.get('code')!,
      code_verifier: verifier,
      redirect_uri: REDIRECT_URI,
    });
    const params = new URLSearchParams({ id_token_hint: tokens.body.id_token, post_logout_redirect_uri: 'http://app.example/' });
    const confirm = await session.request('GET', `/oidc/session/end?${params}`);
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /Sign out/);
    const xsrf = confirm.body.match(/name="xsrf" value="([^"]+)"/)![1]!;
    const done = await session.request('POST', '/oidc/session/end/confirm', { xsrf, logout: 'yes' });
    assert.equal(done.statusCode, 303);
    assert.equal(new URL(String(done.headers.location)).origin, 'http://app.example');
    // The session is gone: a new authorization asks for the password again.
    const again = await session.follow(await session.request('GET', authorizeUrl({ clientId: spa.id, challenge })));
    assert.ok(!(again instanceof URL) && again.body.includes('/login"'));
  });
});
