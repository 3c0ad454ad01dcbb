/**
 * `npm start`: configuration from the environment, then the gateway. Without IXOPAY_BASE_URL it
 * runs in demo mode on the embedded sandbox and prints how to try it.
 */
import 'reflect-metadata';
import { ConfigError, loadConfig, type Config } from './config/config';
import { exampleQuery, startApp, type App } from './app';
import { DEMO_PROFILES } from './sandbox/seed';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  const app = await startApp(config);
  app.logger.info({ url: app.gateway.url, mode: config.upstream.mode }, 'gateway listening');
  if (app.sandbox) printDemoBanner(app);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      app.logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    app.logger.info({ signal }, 'shutting down: draining in-flight operations');
    app.close().then(
      () => {
        app.logger.info('stopped');
        app.logger.flush?.();
        process.exit(0);
      },
      (error: unknown) => {
        app.logger.error({ err: { message: (error as Error)?.message } }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/** Demo mode: say so, and hand the newcomer everything needed for a first query. */
function printDemoBanner(app: App): void {
  const demo = DEMO_PROFILES[0];
  const auth = app.devToken ? `\nDev token (8 h, scopes profiles:read profiles:write; already set in Sandbox):\n  Authorization: Bearer ${app.devToken}\n` : '';
  process.stdout.write(
    `
=== DEMO MODE: no IXOPAY_BASE_URL set, so the gateway talks to the embedded IXOPAY sandbox ===
GraphQL endpoint and Apollo Sandbox:  ${app.gateway.url}
Embedded IXOPAY sandbox:              ${app.sandbox!.url}  (demo profiles: GET ${app.sandbox!.url}/__sandbox/profiles)
${auth}
Try it:
  curl -s ${app.gateway.url} -H 'content-type: application/json'${app.devToken ? ` -H 'authorization: Bearer ${app.devToken}'` : ''} \\
    -d '{"query":"{ customerProfile(customerIdentification: \\"${demo.customerIdentification}\\") { profileGuid customer { firstName lastName } } }"}'

Example query (open the Sandbox URL above):
${exampleQuery(demo.customerIdentification)}`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`Start-up failed: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(1);
});
