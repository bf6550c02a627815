/**
 * SDK verification throughput beside raw `jose.jwtVerify` of the same token with the same key.
 * Both run in-process, one verification at a time, in interleaved rounds; the median round counts.
 *
 *   node --import tsx bench/sdk-verify.ts [iterations-per-round=5000] [rounds=7]
 *
 * The SDK verifier gets its key the way a service does: OIDC discovery and the JWKS from a local
 * HTTP issuer (fetched once, then cached). Raw jose gets the public key object directly and checks
 * the same issuer, audience and algorithm.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { createOrganizationTokenVerifier } from '../sdk/src/index.ts';

const iterations = Number(process.argv[2] ?? 5_000);
const rounds = Number(process.argv[3] ?? 7);

async function benchAlgorithm(alg: 'ES256' | 'RS256' | 'EdDSA') {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg, use: 'sig' };
  const server = createServer((request, response) => {
    const body = request.url === '/oidc/jwks' ? { keys: [jwk] } : { issuer, jwks_uri: `${issuer}/jwks` };
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oidc`;

  const audience = 'urn:logto:organization:org_1';
  const token = await new SignJWT({ client_id: 'app_1', scope: 'invite:users remove:users' })
    .setProtectedHeader({ alg, kid: 'bench', typ: 'at+jwt' })
    .setIssuer(issuer).setSubject('user_1').setAudience(audience).setIssuedAt().setExpirationTime('1h')
    .sign(privateKey);

  const verifier = createOrganizationTokenVerifier({ issuer });
  const requirement = { organizationId: 'org_1', scopes: ['invite:users'] };
  const rawOptions = { issuer, audience, algorithms: [alg] };

  const sdk = async () => {
    for (let i = 0; i < iterations; i++) await verifier.verify(token, requirement);
  };
  const raw = async () => {
    for (let i = 0; i < iterations; i++) await jwtVerify(token, publicKey, rawOptions);
  };
  const timed = async (run: () => Promise<void>) => {
    const start = process.hrtime.bigint();
    await run();
    return (iterations * 1e9) / Number(process.hrtime.bigint() - start);
  };

  await sdk(); // warm-up, and the one discovery + JWKS fetch
  await raw();
  const sdkRates: number[] = [];
  const rawRates: number[] = [];
  for (let round = 0; round < rounds; round++) {
    // Alternate the order so neither side always runs on a warmer or cooler machine.
    if (round % 2 === 0) {
      rawRates.push(await timed(raw));
      sdkRates.push(await timed(sdk));
    } else {
      sdkRates.push(await timed(sdk));
      rawRates.push(await timed(raw));
    }
  }
  server.close();
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return { alg, raw: median(rawRates), sdk: median(sdkRates) };
}

console.log(`node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${os.platform()} ${os.arch()}`);
console.log(`${rounds} interleaved rounds of ${iterations} sequential verifications; median round`);
console.log('alg    | raw jose.jwtVerify | @guildhall/sdk verify | sdk / raw');
for (const alg of ['ES256', 'EdDSA', 'RS256'] as const) {
  const { raw, sdk } = await benchAlgorithm(alg);
  const format = (rate: number) => `${Math.round(rate).toLocaleString('en-US')} ops/s`.padStart(14);
  console.log(`${alg.padEnd(6)} | ${format(raw).padEnd(18)} | ${format(sdk).padEnd(21)} | ${((sdk / raw) * 100).toFixed(1)}%`);
}
