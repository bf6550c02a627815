/**
 * The hosted pages: plain server-rendered HTML, no scripts, no external assets, one small inline
 * stylesheet (allowed by its hash in the Content-Security-Policy, see {@link PAGE_CSP}).
 */
import { createHash } from 'node:crypto';

const STYLE = `
:root{color-scheme:light dark;--fg:#1b1b1f;--bg:#f6f6f8;--card:#fff;--muted:#5b5b66;--accent:#3b4cca;--error:#b3261e}
@media (prefers-color-scheme:dark){:root{--fg:#e6e6ea;--bg:#141418;--card:#1f1f25;--muted:#a3a3ad;--accent:#8f9bff;--error:#ffb4ab}}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:24rem;margin:8vh auto;padding:2rem;background:var(--card);border-radius:12px;box-shadow:0 1px 4px #0002}
h1{font-size:1.4rem;margin:0 0 1rem}label{display:block;margin:1rem 0 .25rem;font-weight:600}
input{width:100%;padding:.6rem;font:inherit;border:1px solid var(--muted);border-radius:6px;background:transparent;color:inherit}
input:focus,button:focus,a:focus{outline:3px solid var(--accent);outline-offset:2px}
button{margin-top:1.25rem;width:100%;padding:.7rem;font:inherit;font-weight:600;border:0;border-radius:6px;background:var(--accent);color:#fff;cursor:pointer}
button.secondary{background:transparent;color:var(--accent);border:1px solid var(--accent)}
.error{color:var(--error);border-left:4px solid var(--error);padding:.25rem .75rem;margin:1rem 0}
p.muted{color:var(--muted);font-size:.9rem}a{color:var(--accent)}ul{padding-left:1.2rem}
fieldset{border:1px solid var(--muted);border-radius:6px;padding:.25rem 1rem .75rem;margin:1rem 0}legend{font-weight:600;padding:0 .25rem}
label.choice{display:flex;gap:.5rem;align-items:center;font-weight:400;margin:.5rem 0 0}label.choice input{width:auto;margin:0}
`;

/** Scripts and remote content are refused; only this page's own stylesheet and same-origin form posts are allowed. */
export const PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)} · Guildhall</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

const errorBox = (error: string | undefined) => (error ? `<p class="error" role="alert" id="form-error">${escapeHtml(error)}</p>` : '');

export interface SignInPageInput {
  uid: string;
  clientName: string;
  identifier?: string;
  error?: string;
  registrationEnabled: boolean;
}

export function signInPage({ uid, clientName, identifier, error, registrationEnabled }: SignInPageInput): string {
  const described = error ? ' aria-describedby="form-error"' : '';
  return layout(
    'Sign in',
    `<h1>Sign in to ${escapeHtml(clientName)}</h1>${errorBox(error)}
<form method="post" action="/sign-in/${escapeHtml(uid)}/login" novalidate>
<label for="identifier">Username or email</label>
<input id="identifier" name="identifier" autocomplete="username" required autofocus value="${escapeHtml(identifier)}"${described}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${described}>
<button type="submit">Sign in</button></form>
${registrationEnabled ? `<p class="muted">No account yet? <a href="/sign-in/${escapeHtml(uid)}/register">Create one</a></p>` : ''}
<form method="post" action="/sign-in/${escapeHtml(uid)}/abort"><button type="submit" class="secondary">Cancel</button></form>`,
  );
}

export interface RegisterPageInput {
  uid: string;
  clientName: string;
  username?: string;
  email?: string;
  error?: string;
}

export function registerPage({ uid, clientName, username, email, error }: RegisterPageInput): string {
  return layout(
    'Create an account',
    `<h1>Create an account for ${escapeHtml(clientName)}</h1>${errorBox(error)}
<form method="post" action="/sign-in/${escapeHtml(uid)}/register" novalidate>
<label for="username">Username</label>
<input id="username" name="username" autocomplete="username" required autofocus value="${escapeHtml(username)}">
<label for="email">Email <span class="muted">(optional)</span></label>
<input id="email" name="email" type="email" autocomplete="email" value="${escapeHtml(email)}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="new-password" required minlength="8" aria-describedby="password-hint">
<p class="muted" id="password-hint">At least 8 characters.</p>
<button type="submit">Create account</button></form>
<p class="muted">Already have an account? <a href="/sign-in/${escapeHtml(uid)}">Sign in</a></p>`,
  );
}

export interface ConsentPageInput {
  uid: string;
  clientName: string;
  scopes: string[];
  /** When the application asks for the organizations scope: the user's organizations to choose from. */
  organizations?: Array<{ id: string; name: string; granted: boolean }>;
}

export function consentPage({ uid, clientName, scopes, organizations }: ConsentPageInput): string {
  const choices = organizations
    ? organizations.length
      ? `<fieldset><legend>Organizations it may access</legend>${organizations
          .map(
            (organization) =>
              `<label class="choice"><input type="checkbox" name="organization_id" value="${escapeHtml(organization.id)}"${organization.granted ? ' checked' : ''}>${escapeHtml(organization.name)}</label>`,
          )
          .join('')}</fieldset>`
      : '<p class="muted">You are not a member of any organization yet.</p>'
    : '';
  return layout(
    'Allow access',
    `<h1>${escapeHtml(clientName)} asks for access</h1>
<p>It will be able to:</p><ul>${scopes.map((scope) => `<li>${escapeHtml(scope)}</li>`).join('')}</ul>
<form method="post" action="/sign-in/${escapeHtml(uid)}/consent">${choices}<button type="submit">Allow</button></form>
<form method="post" action="/sign-in/${escapeHtml(uid)}/abort"><button type="submit" class="secondary">Deny</button></form>`,
  );
}

export function messagePage(title: string, message: string, extra = ''): string {
  return layout(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${extra}`);
}

/** oidc-provider's end-session confirmation; `form` is its own hidden form (with the xsrf token). */
export function signOutPage(form: string, clientName: string | undefined): string {
  return layout(
    'Sign out',
    `<h1>Sign out${clientName ? ` of ${escapeHtml(clientName)}` : ''}?</h1>${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Yes, sign me out</button>
<button type="submit" form="op.logoutForm" class="secondary">No, stay signed in</button>`,
  );
}
