import { decodeJwtPayload, randomString, s256 } from './pkce.ts';

/**
 * The Console signs its administrator in with Guildhall's own OpenID Connect provider, as any
 * public client would: authorization code with PKCE, then refresh tokens. The access token is a
 * JWT for the Management API (resource `${origin}/api`, scope `all`).
 */
export const CLIENT_ID = 'guildhall-console';
const BASE = '/console';
const SESSION_KEY = 'guildhall.console.session';
const PENDING_KEY = 'guildhall.console.sign-in';

const origin = () => window.location.origin;
export const managementResource = () => `${origin()}/api`;
const redirectUri = () => `${origin()}${BASE}/callback`;

export interface Session {
  accessToken: string;
  /** Epoch ms. */
  expiresAt: number;
  refreshToken?: string;
  idToken?: string;
  user: { id: string; name?: string; username?: string; email?: string; picture?: string };
}

interface PendingSignIn {
  state: string;
  verifier: string;
  nonce: string;
  returnTo: string;
}

interface TokenResponse {
  access_token: string;
  expires_in: number;
  refresh_token?: string;
  id_token?: string;
}

export class SignInError extends Error {}

export function loadSession(): Session | undefined {
  try {
    const raw = sessionStorage.getItem(SESSION_KEY);
    return raw ? (JSON.parse(raw) as Session) : undefined;
  } catch {
    return undefined;
  }
}

function saveSession(session: Session | undefined) {
  if (session) sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(SESSION_KEY);
  listeners.forEach((listener) => listener(session));
}

const listeners = new Set<(session: Session | undefined) => void>();
export function onSessionChange(listener: (session: Session | undefined) => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** Sends the browser to Guildhall's sign-in; comes back at /console/callback. */
export async function startSignIn(returnTo = '/'): Promise<never> {
  const pending: PendingSignIn = { state: randomString(), verifier: randomString(48), nonce: randomString(), returnTo };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL('/oidc/auth', origin());
  url.search = new URLSearchParams({
    client_id: CLIENT_ID,
    redirect_uri: redirectUri(),
    response_type: 'code',
    // `all` is the Management API's one scope; offline_access asks for a refresh token.
    scope: 'openid offline_access profile all',
    resource: managementResource(),
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await s256(pending.verifier),
    code_challenge_method: 'S256',
  }).toString();
  window.location.assign(url.href);
  return new Promise<never>(() => {});
}

async function tokenRequest(body: Record<string, string>): Promise<TokenResponse> {
  const response = await fetch('/oidc/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: CLIENT_ID, ...body }).toString(),
  });
  const json = (await response.json().catch(() => ({}))) as TokenResponse & { error?: string; error_description?: string };
  if (!response.ok) throw new SignInError(json.error_description ?? json.error ?? `Token request failed (${response.status}).`);
  return json;
}

function toSession(tokens: TokenResponse, previous?: Session): Session {
  const claims = tokens.id_token ? decodeJwtPayload(tokens.id_token) : undefined;
  const access = decodeJwtPayload(tokens.access_token);
  const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
  const user: Session['user'] = claims
    ? {
        id: String(claims.sub),
        name: text(claims.name),
        username: text(claims.username) ?? text(claims.preferred_username),
        email: text(claims.email),
        picture: text(claims.picture),
      }
    : (previous?.user ?? { id: String(access.sub) });
  return {
    accessToken: tokens.access_token,
    expiresAt: Date.now() + tokens.expires_in * 1000,
    refreshToken: tokens.refresh_token ?? previous?.refreshToken,
    idToken: tokens.id_token ?? previous?.idToken,
    user,
  };
}

/** Completes the sign-in at /console/callback; returns where to go next. */
export async function completeSignIn(search: string): Promise<string> {
  const params = new URLSearchParams(search);
  const raw = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  if (params.get('error')) throw new SignInError(params.get('error_description') ?? params.get('error') ?? 'Sign-in failed.');
  if (!raw) throw new SignInError('This sign-in was not started from this browser tab. Please sign in again.');
  const pending = JSON.parse(raw) as PendingSignIn;
  // RFC 6749 §10.12: the state must be the one we sent.
  if (params.get('state') !== pending.state) throw new SignInError('The sign-in response does not match the request.');
  const code = params.get('code');
  if (!code) throw new SignInError('The sign-in response carries no authorization code.');
  const tokens = await tokenRequest({
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri(),
    code_verifier: pending.verifier,
    resource: managementResource(),
  });
  if (tokens.id_token && decodeJwtPayload(tokens.id_token).nonce !== pending.nonce) {
    throw new SignInError('The ID token does not match this sign-in.');
  }
  saveSession(toSession(tokens));
  return pending.returnTo;
}

let refreshing: Promise<Session | undefined> | undefined;

async function refresh(session: Session): Promise<Session | undefined> {
  if (!session.refreshToken) return undefined;
  try {
    const tokens = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: session.refreshToken,
      resource: managementResource(),
    });
    const next = toSession(tokens, session);
    saveSession(next);
    return next;
  } catch {
    return undefined;
  }
}

/** A valid access token, refreshed when it is about to expire; signs in again when it cannot. */
export async function getAccessToken(): Promise<string> {
  const session = loadSession();
  if (session && session.expiresAt - 60_000 > Date.now()) return session.accessToken;
  if (session) {
    refreshing ??= refresh(session).finally(() => (refreshing = undefined));
    const next = await refreshing;
    if (next) return next.accessToken;
  }
  saveSession(undefined);
  return startSignIn(currentPath());
}

/** The token was refused (revoked, or the user lost the administrator role): sign in again. */
export function handleUnauthorized(): void {
  saveSession(undefined);
  void startSignIn(currentPath());
}

export function currentPath(): string {
  const path = window.location.pathname.startsWith(BASE) ? window.location.pathname.slice(BASE.length) : '/';
  return (path || '/') + window.location.search;
}

/** Ends the session at Guildhall too (RP-initiated logout), then comes back to /console. */
export function signOut(): void {
  const session = loadSession();
  saveSession(undefined);
  const url = new URL('/oidc/session/end', origin());
  url.search = new URLSearchParams({
    client_id: CLIENT_ID,
    post_logout_redirect_uri: `${origin()}${BASE}`,
    ...(session?.idToken ? { id_token_hint: session.idToken } : {}),
  }).toString();
  window.location.assign(url.href);
}
