import './platform/v8-heap.ts';
import { buildGuildhall } from './app.ts';
import { ConfigError, loadConfig } from './platform/config.ts';
import { DataDirectoryInUseError } from './platform/data-dir-lock.ts';
import { describeConnectionFailure } from './platform/database.ts';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PostgreSQL in ${config.dataDir}`;
  console.log(`Guildhall starting on ${where}…`);
  let guildhall;
  try {
    guildhall = await buildGuildhall(config);
  } catch (error) {
    if (error instanceof DataDirectoryInUseError) {
      console.error(error.message);
      process.exit(1);
    }
    const problem = config.databaseUrl ? describeConnectionFailure(error, config.databaseUrl) : undefined;
    if (problem) {
      console.error(problem);
      process.exit(1);
    }
    throw error;
  }
  const { app, bootstrap, timings } = guildhall;
  await app.listen({ port: config.port, host: config.host });
  console.log(
    `Guildhall is ready at ${config.endpoint} (database opened in ${Math.round(timings.openDatabase)} ms, ` +
      `started in ${Math.round(timings.startup)} ms).`,
  );
  console.log(`  Console:        ${config.endpoint}/console`);
  console.log(`  Management API: ${config.endpoint}/api  (OpenAPI: ${config.endpoint}/api/swagger.json)`);
  console.log(`  OpenID Connect: ${config.endpoint}/oidc/.well-known/openid-configuration`);
  if (bootstrap.createdAdminApp) {
    const { id, secret } = bootstrap.createdAdminApp;
    console.log(`
A machine-to-machine app with full Management API access was created. Its secret is shown
only this once; keep it safe (or set GUILDHALL_ADMIN_CLIENT_ID / GUILDHALL_ADMIN_CLIENT_SECRET).

  Client ID:     ${id}
  Client secret: ${secret}

Get a Management API token:

  curl -s -u '${id}:${secret}' \\
    -d grant_type=client_credentials -d scope=all \\
    --data-urlencode resource=${config.endpoint}/api \\
    ${config.endpoint}/oidc/token
`);
  }

  const shutdown = async (signal: string) => {
    console.log(`${signal} received, shutting down…`);
    const timer = setTimeout(() => process.exit(1), 10_000).unref();
    await guildhall.close();
    clearTimeout(timer);
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

await main();
