/**
 * Start-up wiring: turns a Config into a running gateway (and, in demo mode, the embedded sandbox
 * it talks to). main.ts and the test harness both start the product through here, so what the
 * tests run is what ships. This is the only gateway module that imports the sandbox.
 */
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import type { Config } from './config/config';
import { createAuthenticator } from './auth/verify';
import { mintToken } from './auth/dev-token';
import { SCOPE_READ, SCOPE_WRITE } from './auth/principal';
import { IxopayClient, type IxopayClientOptions } from './ixopay/client';
import type { ResilienceOptions } from './ixopay/resilience/options';
import { buildGatewaySchemas } from './graphql/schema';
import { startGateway, type Gateway } from './server/gateway';
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
  /** Demo mode without auth settings: a short-lived token with both scopes. */
  devToken?: string;
  /** Graceful stop: drain the gateway, then close the upstream pool and the sandbox. */
  close(): Promise<void>;
}

/** Options for tests and embedding. */
export interface StartOptions {
  logger?: Logger;
}

const DEV_TOKEN_TTL = '8h';

/** Starts everything the configuration describes. */
export async function startApp(config: Config, options: StartOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger({ level: config.log.level });

  let sandbox: RunningSandbox | undefined;
  let sandboxDocument: string | undefined;
  let baseUrl: string;
  if (config.upstream.mode === 'demo') {
    const [{ startSandbox }, { DEMO_PROFILES }] = await Promise.all([import('./sandbox/server'), import('./sandbox/seed')]);
    sandboxDocument = exampleQuery(DEMO_PROFILES[0].customerIdentification);
    sandbox = await startSandbox({
      host: '127.0.0.1',
      port: 0,
      credentials: {
        username: config.ixopay.username,
        password: config.ixopay.password,
        apiKey: config.ixopay.apiKey,
        sharedSecret: config.ixopay.sharedSecret,
      },
      latencyMs: config.upstream.sandbox.latencyMs,
      dataFile: config.upstream.sandbox.dataFile,
    });
    baseUrl = sandbox.url;
  } else {
    baseUrl = config.upstream.baseUrl;
  }

  const metrics = config.server.metricsEnabled ? createMetrics({ registry: new Registry(), collectDefault: true }) : undefined;
  const logUpstreamCall = upstreamCallLogger(logger);
  const client = new IxopayClient(
    ixopayClientOptions(config, baseUrl, {
      onCall: (event) => {
        metrics?.onUpstreamCall(event);
        logUpstreamCall(event);
      },
      onStateChange: (state) => {
        metrics?.setCircuitState(state);
        logger.warn({ circuit: state }, `upstream circuit ${state}`);
      },
    }),
  );

  const authenticator = createAuthenticator(config.auth, {
    // An identity-provider outage otherwise shows only as UNAUTHENTICATED answers.
    onKeySourceError: (error) => logger.warn({ err: { name: error.name, message: error.message } }, 'JWKS unavailable'),
  });
  const { subgraphSchema } = await buildGatewaySchemas();

  let devToken: string | undefined;
  if (config.auth.mode === 'jwt' && config.auth.devTokens && config.auth.hmacSecret) {
    devToken = await mintToken(
      config.auth.hmacSecret,
      { sub: 'demo-operator', scope: `${SCOPE_READ} ${SCOPE_WRITE}` },
      { expiresIn: DEV_TOKEN_TTL, issuer: config.auth.issuer, audience: config.auth.audience },
    );
  }
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
      sandboxHeaders: devToken ? { Authorization: `Bearer ${devToken}` } : undefined,
      sandboxDocument,
    });
  } catch (error) {
    await client.close();
    authenticator.close();
    await sandbox?.close();
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    gateway,
    client,
    logger,
    sandbox,
    devToken,
    close: () =>
      (closing ??= (async () => {
        await gateway.close();
        await client.close();
        authenticator.close();
        await sandbox?.close();
      })()),
  };
}

/** The client settings a Config describes; the benchmark's baseline builds its client the same way. */
export function ixopayClientOptions(
  config: Config,
  baseUrl: string,
  hooks: { onCall?: IxopayClientOptions['onCall']; onStateChange?: ResilienceOptions['onStateChange'] } = {},
): IxopayClientOptions {
  return {
    baseUrl,
    username: config.ixopay.username,
    password: config.ixopay.password,
    apiKey: config.ixopay.apiKey,
    sharedSecret: config.ixopay.sharedSecret,
    bodyHash: config.ixopay.bodyHash,
    timeoutMs: config.ixopay.timeoutMs,
    connections: config.ixopay.connections,
    onCall: hooks.onCall,
    resilience: {
      maxInFlight: config.ixopay.maxInFlight,
      maxQueue: config.ixopay.maxQueue,
      maxAttempts: config.ixopay.retryMaxAttempts,
      retryBudgetMs: config.ixopay.retryBudgetMs,
      failureThreshold: config.ixopay.circuitFailureThreshold,
      resetTimeoutMs: config.ixopay.circuitResetMs,
      onStateChange: hooks.onStateChange,
    },
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
