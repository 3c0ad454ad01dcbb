/**
 * `npm start`: configuration from the environment, then the gateway. Without IXOPAY_BASE_URL it
 * runs in demo mode on the embedded sandbox and prints how to try it.
 */
// First: OpenTelemetry starts (when OTEL_EXPORTER_OTLP_ENDPOINT is set) before anything else loads.
import { stopTracing, tracingEnabled } from './tracing';
import 'reflect-metadata';
import { ConfigError, loadConfig, type Config } from './config/config';
import { exampleQuery, startApp, type App } from './app';

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
  app.logger.info({ url: app.gateway.url, mode: config.upstream.mode, tracing: tracingEnabled }, 'gateway listening');
  if (app.sandbox) printDemoBanner(app, config.auth);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      app.logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    app.logger.info({ signal }, 'shutting down: draining in-flight operations');
    app
      .close()
      // Spans of the last operations are exported before the process ends.
      .then(() => stopTracing())
      .then(
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

/** Demo mode: say so, and hand the newcomer what runs a first query, as operator and as shopper. */
function printDemoBanner(app: App, auth: Config['auth']): void {
  const url = app.gateway.url;
  const customerIdentification = app.demoCustomerId!;
  const curl = (tokenVariable: string | undefined, query: string) =>
    `  curl -s ${url} -H 'content-type: application/json'${tokenVariable ? ` -H "authorization: Bearer $${tokenVariable}"` : ''} \\\n    -d '{"query":"${query}"}'\n`;
  const byId = `{ customerProfile(customerIdentification: \\"${customerIdentification}\\") { profileGuid customer { firstName lastName } } }`;
  const mine = '{ myCustomerProfile { profileGuid customer { firstName lastName } } }';

  let tokens = '';
  let tryIt: string;
  if (app.devTokens) {
    const { operator, shopper, ttlSeconds } = app.devTokens;
    tokens =
      `\nDev tokens (${duration(ttlSeconds)}; Apollo Sandbox already sends the operator token):\n` +
      `  OPERATOR=${operator}   # profiles:read profiles:write\n` +
      `  SHOPPER=${shopper}   # customer ${customerIdentification}, for myCustomerProfile\n`;
    tryIt = curl('OPERATOR', byId) + curl('SHOPPER', mine);
  } else if (auth.mode === 'jwt') {
    tokens = '\nTokens come from your identity provider (AUTH_JWKS_URL is set):\n  TOKEN=...   # a JWT with scope "profiles:read"\n';
    tryIt = curl('TOKEN', byId);
  } else {
    tryIt = curl(undefined, byId);
  }
  process.stdout.write(
    `
=== DEMO MODE: no IXOPAY_BASE_URL set, so the gateway talks to the embedded IXOPAY sandbox ===
GraphQL endpoint and Apollo Sandbox:  ${url}
Embedded IXOPAY sandbox:              ${app.sandbox!.url}  (demo profiles: GET ${app.sandbox!.url}/__sandbox/profiles)
${tokens}
Try it:
${tryIt}
Example query (open the Sandbox URL above):
${exampleQuery(customerIdentification)}`,
  );
}

/** "8 h", "90 min" or "45 s": the largest unit that divides evenly. */
function duration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

main().catch((error: unknown) => {
  process.stderr.write(`Start-up failed: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(1);
});
