/**
 * Start-up wiring: turns a Config into a running gateway (and, in demo mode, the embedded sandbox
 * it talks to). main.ts and the test harness both start the product through here, so what the
 * tests run is what ships. This is the only gateway module that loads the sandbox, and only in demo
 * mode, with a dynamic import: a production process never loads a line of src/sandbox/.
 */
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import type { Config } from './config/config';
import { createAuthenticator } from './auth/verify';
import { mintDemoTokens, type DemoTokens } from './auth/demo-tokens';
import { startSharedState } from './fleet/shared-state';
import { IxopayClient } from './ixopay/client';
import type { IxopayConnection } from './ixopay/settings';
import { buildGatewaySchemas } from './graphql/schema';
import { startGateway, type Gateway } from './server/gateway';
import { exampleOperationTabs } from './server/explorer/operations';
import { createLogger } from './server/logger';
import { createMetrics } from './server/plugins/metrics';
import { upstreamCallLogger } from './server/plugins/logging';
// Type only: the sandbox code is loaded in demo mode alone (a production process never needs it).
import type { RunningSandbox } from './sandbox/server';

/** A running gateway with what it owns. */
export interface App {
  gateway: Gateway;
  client: IxopayClient;
  logger: Logger;
  /** Demo mode only: the embedded sandbox. */
  sandbox?: RunningSandbox;
  /** Demo mode with an HS256 secret (generated or AUTH_JWT_SECRET): operator and shopper dev tokens. */
  devTokens?: DemoTokens;
  /** Demo mode: the customerIdentification of the first seeded profile, for the banner. */
  demoCustomerId?: string;
  /** Graceful stop: drain the gateway, then close the upstream pool and the sandbox. */
  close(): Promise<void>;
}

/** Options for tests and embedding. */
export interface StartOptions {
  logger?: Logger;
}

/** Starts everything the configuration describes. */
export async function startApp(config: Config, options: StartOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger({ level: config.log.level });

  let sandbox: RunningSandbox | undefined;
  let sandboxDocument: string | undefined;
  let demoCustomerId: string | undefined;
  let connection: IxopayConnection;
  for (const warning of config.warnings) logger.warn(warning);
  if (config.upstream.mode === 'demo') {
    const [{ startSandbox, DEMO_CREDENTIALS }, { DEMO_PROFILES }] = await Promise.all([import('./sandbox/server'), import('./sandbox/seed')]);
    demoCustomerId = DEMO_PROFILES[0].customerIdentification;
    sandboxDocument = exampleQuery(demoCustomerId);
    sandbox = await startSandbox({
      host: '127.0.0.1',
      port: 0,
      credentials: DEMO_CREDENTIALS,
      latencyMs: config.upstream.sandbox.latencyMs,
      dataFile: config.upstream.sandbox.dataFile,
    });
    // The sandbox's credentials are the one definition of the demo connector's.
    connection = { baseUrl: sandbox.url, ...DEMO_CREDENTIALS };
  } else {
    connection = config.upstream.connection;
  }

  const metrics = config.server.metricsEnabled ? createMetrics({ registry: new Registry(), collectDefault: true }) : undefined;
  const logUpstreamCall = upstreamCallLogger(logger);
  // The IXOPAY quota, 429 cool-down and APQ cache: in Redis with REDIS_URL (shared by the
  // replicas), else in this process. Never fails for want of Redis.
  const shared = await startSharedState({
    fleet: config.fleet,
    slots: { maxInFlight: config.ixopay.maxInFlight, maxQueue: config.ixopay.maxQueue },
    apiUser: connection.username,
    logger,
  });
  const client = new IxopayClient({
    ...config.ixopay,
    ...connection,
    budget: shared.budget,
    coolDown: shared.coolDown,
    onCall: (event) => {
      metrics?.onUpstreamCall(event);
      logUpstreamCall(event);
    },
    onCircuitStateChange: (state) => {
      metrics?.setCircuitState(state);
      logger.warn({ circuit: state }, `upstream circuit ${state}`);
    },
  });

  const authenticator = createAuthenticator(config.auth, {
    // An identity-provider outage otherwise shows only as UNAUTHENTICATED answers.
    onKeySourceError: (error) => logger.warn({ err: { name: error.name, message: error.message } }, 'JWKS unavailable'),
  });
  const { subgraphSchema } = await buildGatewaySchemas();

  const devTokens = demoCustomerId === undefined ? undefined : await mintDemoTokens(config.auth, demoCustomerId);
  if (config.auth.mode === 'none') {
    logger.warn('AUTH_MODE=none: every caller may read, update and delete every customer profile. Local demos only.');
  }

  let gateway: Gateway;
  try {
    gateway = await startGateway({
      config,
      schema: subgraphSchema,
      api: client,
      authenticator,
      logger,
      metrics,
      upstreamCircuit: () => client.circuitState(),
      persistedQueries: shared.persistedQueries,
      sandboxHeaders: devTokens ? { Authorization: `Bearer ${devTokens.operator}` } : undefined,
      sandboxDocument,
      // Demo mode: the local explorer opens with the checkout query, then schema/operations/.
      explorerTabs: sandboxDocument
        ? [
            { query: sandboxDocument },
            ...exampleOperationTabs({ shopperHeaders: devTokens ? { Authorization: `Bearer ${devTokens.shopper}` } : undefined }),
          ]
        : undefined,
    });
  } catch (error) {
    await client.close();
    await shared.close();
    await sandbox?.close();
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    gateway,
    client,
    logger,
    sandbox,
    devTokens,
    demoCustomerId,
    close: () =>
      (closing ??= (async () => {
        await gateway.close();
        await client.close();
        await shared.close();
        await sandbox?.close();
      })()),
  };
}

/** The query demo mode shows first: what a checkout page asks for. */
export function exampleQuery(customerIdentification: string): string {
  return `query CheckoutProfile {
  customerProfile(customerIdentification: "${customerIdentification}") {
    profileGuid
    customer { firstName lastName email billingCountry }
    preferredInstrument {
      paymentToken
      method
      paymentData {
        ... on CardData { brand lastFourDigits expiryMonth expiryYear }
        ... on IbanData { iban }
        ... on WalletData { walletType walletOwner }
      }
    }
  }
}
`;
}
