/**
 * The end-to-end harness: a real sandbox and a real gateway on 127.0.0.1 ephemeral ports, wired
 * through the same start-up code as `npm start`. Tests talk to it over HTTP only.
 */
import { Writable } from 'node:stream';
import { SignJWT } from 'jose';
import { loadConfig } from '../../src/config/config';
import { startApp, type App } from '../../src/app';
import { createLogger } from '../../src/server/logger';
import { startSandbox, DEMO_CREDENTIALS, type RunningSandbox } from '../../src/sandbox/server';

/** HS256 secret every test stack verifies tokens with. */
export const TEST_JWT_SECRET = 'test-secret-for-the-e2e-harness-0123456789';

export interface GraphQLResult<T = any> {
  status: number;
  headers: Headers;
  body: { data?: T; errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, any> }> };
}

export interface Stack {
  gatewayUrl: string;
  sandbox: RunningSandbox;
  app: App;
  /** Every log line the gateway wrote (JSON strings), when `captureLogs` was set. */
  logs: string[];
  /** An HS256 token for this stack; default scope: both profile scopes. */
  token(claims?: Record<string, unknown>, options?: { expiresIn?: string | number }): Promise<string>;
  /** POSTs an operation; `token: null` sends no Authorization header. */
  graphql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { token?: string | null; headers?: Record<string, string>; operationName?: string },
  ): Promise<GraphQLResult<T>>;
  /** getProfile/updateProfile/... calls the sandbox has answered since the last reset. */
  upstreamCalls(operation?: string): number;
  close(): Promise<void>;
}

export interface StackOptions {
  /** Extra gateway environment (e.g. limits, AUTH_CUSTOMER_MAY_DELETE). */
  env?: Record<string, string>;
  /** Sandbox options beyond credentials. */
  sandbox?: { latencyMs?: number; extraProfiles?: number };
  captureLogs?: boolean;
  logLevel?: string;
}

/** Starts sandbox + gateway. Call `close()` in afterAll. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const sandbox = await startSandbox({ credentials: DEMO_CREDENTIALS, port: 0, ...options.sandbox });
  const logs: string[] = [];
  const env = {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    IXOPAY_BASE_URL: sandbox.url,
    IXOPAY_USERNAME: DEMO_CREDENTIALS.username,
    IXOPAY_PASSWORD: DEMO_CREDENTIALS.password,
    IXOPAY_API_KEY: DEMO_CREDENTIALS.apiKey,
    IXOPAY_SHARED_SECRET: DEMO_CREDENTIALS.sharedSecret,
    IXOPAY_TIMEOUT_MS: '2000',
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: options.logLevel ?? (options.captureLogs ? 'debug' : 'silent'),
    ...options.env,
  };
  let app: App;
  try {
    const config = loadConfig(env);
    const logger = createLogger({
      level: config.log.level,
      destination: new Writable({
        write(chunk, _encoding, callback) {
          if (options.captureLogs) logs.push(...String(chunk).split('\n').filter(Boolean));
          callback();
        },
      }),
    });
    app = await startApp(config, { logger });
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  const gatewayUrl = app.gateway.url;
  const secret = new TextEncoder().encode(env.AUTH_JWT_SECRET);

  const token: Stack['token'] = async (claims = {}, tokenOptions = {}) =>
    new SignJWT({ sub: 'test-operator', scope: 'profiles:read profiles:write', ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime(tokenOptions.expiresIn ?? '10m')
      .sign(secret);
  const defaultToken = await token();

  return {
    gatewayUrl,
    sandbox,
    app,
    logs,
    token,
    async graphql(query, variables, requestOptions = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', ...requestOptions.headers };
      const bearer = requestOptions.token === undefined ? defaultToken : requestOptions.token;
      if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
      const response = await fetch(gatewayUrl, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables, operationName: requestOptions.operationName }),
      });
      const text = await response.text();
      let body: GraphQLResult['body'];
      try {
        body = JSON.parse(text);
      } catch {
        throw new Error(`gateway answered ${response.status} with non-JSON: ${text.slice(0, 200)}`);
      }
      return { status: response.status, headers: response.headers, body };
    },
    upstreamCalls(operation) {
      const stats = sandbox.stats();
      return operation ? (stats.calls[operation] ?? 0) : stats.total;
    },
    async close() {
      await app.close();
      await sandbox.close();
    },
  };
}
