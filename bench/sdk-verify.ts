/**
 * SDK verification throughput beside raw `jose.jwtVerify` of the same token with the same key.
 * Both run in-process, one verification at a time, in short alternating rounds.
 *
 *   node --import tsx bench/sdk-verify.ts [iterations-per-round=500] [rounds=40]
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

const iterations = Number(process.argv[2] ?? 500);
const rounds = Number(process.argv[3] ?? 40);

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
  // Wall time, and this process's CPU time (all threads, so WebCrypto's thread pool counts too):
  // CPU time barely moves when other processes compete for the cores, wall time does.
  const timed = async (run: () => Promise<void>) => {
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    await run();
    const cpu = process.cpuUsage(cpuStart);
    return { wall: Number(process.hrtime.bigint() - start) / 1e9, cpu: (cpu.user + cpu.system) / 1e6 };
  };

  await sdk(); // warm-up, and the one discovery + JWKS fetch
  await raw();
  // Many short rounds, alternating which side goes first, so both see the same machine load
  // (other processes share these cores); the ratio is of total time, and per-round ratios give
  // the spread.
  const totals = { raw: { wall: 0, cpu: 0 }, sdk: { wall: 0, cpu: 0 } };
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? (['raw', 'sdk'] as const) : (['sdk', 'raw'] as const);
    const times = { raw: { wall: 0, cpu: 0 }, sdk: { wall: 0, cpu: 0 } };
    for (const side of order) times[side] = await timed(side === 'raw' ? raw : sdk);
    for (const side of order) {
      totals[side].wall += times[side].wall;
      totals[side].cpu += times[side].cpu;
    }
    ratios.push(times.raw.wall / times.sdk.wall);
  }
  server.close();
  ratios.sort((x, y) => x - y);
  const total = iterations * rounds;
  return {
    wall: { raw: total / totals.raw.wall, sdk: total / totals.sdk.wall },
    cpu: { raw: total / totals.raw.cpu, sdk: total / totals.sdk.cpu },
    p25: ratios[Math.floor(rounds / 4)]!,
    p75: ratios[Math.floor((rounds * 3) / 4)]!,
  };
}

console.log(`node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${os.platform()} ${os.arch()}`);
console.log(`load average ${os.loadavg().map((value) => value.toFixed(2)).join(' ')}`);
console.log(`${rounds} alternating rounds of ${iterations} sequential verifications per side\n`);
console.log('| alg | clock | raw jose.jwtVerify | @guildhall/sdk verify | sdk / raw | per-round p25–p75 |');
console.log('| --- | --- | ---: | ---: | ---: | ---: |');
const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;
const rate = (value: number) => `${Math.round(value).toLocaleString('en-US')} ops/s`;
for (const alg of ['ES256', 'EdDSA', 'RS256'] as const) {
  const { wall, cpu, p25, p75 } = await benchAlgorithm(alg);
  console.log(`| ${alg} | wall | ${rate(wall.raw)} | ${rate(wall.sdk)} | ${percent(wall.sdk / wall.raw)} | ${percent(p25)}–${percent(p75)} |`);
  console.log(`| ${alg} | CPU | ${rate(cpu.raw)} | ${rate(cpu.sdk)} | ${percent(cpu.sdk / cpu.raw)} | |`);
}
