import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

export interface SigningKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

export interface TestIssuer {
  issuer: string;
  jwksUri: string;
  /** Requests served so far, by path kind. */
  requests: { discovery: number; jwks: number };
  /** The discovery document served; tests may change it. */
  discovery: Record<string, unknown>;
  /** The key `sign` uses unless told otherwise. */
  defaultKey: SigningKey;
  /** Generates a key; `publish: false` keeps it out of the JWKS. */
  createKey(options?: { alg?: string; kid?: string; publish?: boolean }): Promise<SigningKey>;
  publish(key: SigningKey): void;
  /** Removes a key from the JWKS (rotation or revocation). */
  withdraw(key: SigningKey): void;
  /** Signs an organization token; defaults: user_1 via app_1 in org_1 with `invite:users`, valid 1 h. */
  sign(claims?: JWTPayload & Record<string, unknown>, options?: { key?: SigningKey; header?: Record<string, unknown> }): Promise<string>;
  close(): Promise<void>;
}

let kidCounter = 0;

/** A real OIDC issuer stand-in on 127.0.0.1: a discovery document and a JWKS over HTTP. */
export async function startIssuer(options: { alg?: string } = {}): Promise<TestIssuer> {
  const published: SigningKey[] = [];
  const requests = { discovery: 0, jwks: 0 };
  const server: Server = createServer((request, response) => {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (request.url === '/oidc/.well-known/openid-configuration') {
      requests.discovery++;
      return send(200, state.discovery);
    }
    if (request.url === '/oidc/jwks') {
      requests.jwks++;
      return send(200, { keys: published.map((key) => key.publicJwk) });
    }
    send(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}/oidc`;
  const jwksUri = `${issuer}/jwks`;
  const defaultAlg = options.alg ?? 'ES256';

  const createKey: TestIssuer['createKey'] = async ({ alg = defaultAlg, kid = `key-${++kidCounter}`, publish = true } = {}) => {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
    const key = { kid, alg, privateKey, publicKey, publicJwk };
    if (publish) published.push(key);
    return key;
  };
  const defaultKey = await createKey();

  const state: TestIssuer = {
    issuer,
    jwksUri,
    requests,
    discovery: { issuer, jwks_uri: jwksUri, id_token_signing_alg_values_supported: [defaultAlg] },
    createKey,
    defaultKey,
    publish: (key) => void published.push(key),
    withdraw(key) {
      const index = published.indexOf(key);
      if (index >= 0) published.splice(index, 1);
    },
    async sign(claims = {}, { key = defaultKey, header = {} } = {}) {
      const now = Math.floor(Date.now() / 1000);
      const payload: JWTPayload = {
        iss: issuer,
        sub: 'user_1',
        client_id: 'app_1',
        aud: 'urn:logto:organization:org_1',
        scope: 'invite:users',
        iat: now,
        exp: now + 3600,
        jti: crypto.randomUUID(),
        ...claims,
      };
      for (const name of Object.keys(payload)) if (payload[name] === undefined) delete payload[name];
      return new SignJWT(payload)
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt', ...header })
        .sign(key.privateKey);
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
  return state;
}
