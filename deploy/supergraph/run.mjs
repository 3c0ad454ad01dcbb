/**
 * `npm run supergraph`: a federated graph on loopback, behind a real router.
 *
 *   IXOPAY sandbox (one, shared)  <-  customer-profiles gateway x SUPERGRAPH_REPLICAS  <-  round-robin  <-+
 *                                                                                                     Hive Gateway  <-  you
 *                                     orders subgraph (orders-subgraph.mjs)  <----------------------------+
 *
 * The replicas run the built gateway (`node <config.nodeFlags> dist/main.js`, as production does)
 * against one standalone sandbox, so that they share one IXOPAY and one store, as a fleet shares
 * one IXOPAY account; they verify one HS256 secret generated per run, and this script mints an
 * operator token with the gateway's own `dist/cli/token.js`. The supergraph is composed from
 * deploy/router/supergraph.yaml with @apollo/composition (compose.mjs), routing URLs replaced by
 * the loopback ones, and served by Hive Gateway with gateway.config.mjs.
 *
 * Environment:
 *   SUPERGRAPH_PORT           router port (default 4000; 0 picks a free one)
 *   SUPERGRAPH_REPLICAS       customer-profiles replicas, 1-4 (default 2)
 *   SUPERGRAPH_GATEWAY_BUILD  directory of the built gateway (default: the repository's dist/)
 *   OTEL_*                    passed to the replicas and the router; with OTEL_EXPORTER_OTLP_ENDPOINT
 *                             set, both export traces (gateway.config.mjs: the router's side)
 *
 * Children's output goes to log files in a temporary directory (printed); everything stops on
 * SIGINT/SIGTERM, or when any process exits on its own.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { clearTimeout, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, URL } from 'node:url';
import { composeSupergraph, ROOT } from './compose.mjs';
import { startRoundRobin } from './round-robin.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const HIVE_BIN = path.join(HERE, 'node_modules', '@graphql-hive', 'gateway', 'dist', 'bin.js');
const HOST = '127.0.0.1';
const STARTUP_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

/** cust-0001, a demo profile of the sandbox (src/sandbox/seed.ts) with orders in orders-subgraph.mjs. */
const DEMO_PROFILE_GUID = 'CP-3f9a-1c7e-0b52-4d86-a9e1-7c20';

const EXAMPLE_QUERY = `query OrdersWithCustomers {
  ordersByCustomer(profileGuid: "${DEMO_PROFILE_GUID}") {
    id
    placedAt
    status
    totalAmount
    currency
    customer {
      profileGuid
      customerIdentification
      customer { firstName lastName email }
      preferredInstrument { paymentToken method }
    }
  }
  order(id: "order-2") {
    id
    totalAmount
    currency
    customer { customerIdentification customer { firstName lastName } }
  }
}
`;

function fail(message) {
  process.stderr.write(`npm run supergraph: ${message}\n`);
  process.exit(1);
}

function integerEnv(name, fallback, min, max) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) fail(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
  return Number(raw);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** A few variables every child needs, the OTEL_* ones, and nothing else of this process's environment. */
function baseEnv() {
  const env = { APOLLO_TELEMETRY_DISABLED: 'true' };
  for (const [name, value] of Object.entries(process.env)) {
    if (['PATH', 'HOME', 'TMPDIR', 'TZ', 'LANG', 'LC_ALL', 'SYSTEMROOT'].includes(name) || name.startsWith('OTEL_')) env[name] = value;
  }
  return env;
}

async function main() {
  const routerPort = integerEnv('SUPERGRAPH_PORT', 4000, 0, 65_535);
  const replicaCount = integerEnv('SUPERGRAPH_REPLICAS', 2, 1, 4);
  const buildDir = path.resolve(process.env.SUPERGRAPH_GATEWAY_BUILD || path.join(ROOT, 'dist'));
  if (!existsSync(HIVE_BIN))
    fail(
      'Hive Gateway is not installed: run `npm ci --prefix deploy/supergraph` (npm run supergraph does it when deploy/supergraph/node_modules is missing)',
    );
  if (!existsSync(path.join(buildDir, 'main.js'))) fail(`no gateway build in ${buildDir}: run \`npm run build\``);
  const hiveVersion = JSON.parse(readFileSync(path.join(HERE, 'node_modules', '@graphql-hive', 'gateway', 'package.json'), 'utf8')).version;
  const nodeFlags = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
    .config.nodeFlags.split(/\s+/)
    .filter(Boolean);

  const runDir = mkdtempSync(path.join(os.tmpdir(), 'supergraph-'));
  const logDir = path.join(runDir, 'logs');
  mkdirSync(logDir);
  /** Started children, in start order. */
  const services = [];
  let balancer;
  let stopping = false;

  const stopAll = async () => {
    stopping = true;
    // Front to back: the router first, the sandbox last.
    for (const service of [...services].reverse()) await service.stop();
    await balancer?.close();
    rmSync(runDir, { recursive: true, force: true });
  };

  /** Spawns a child with its output in logs/<name>.log; resolves once `ready(output)` returns a value. */
  const startService = async (name, args, { env, cwd = ROOT, ready }) => {
    const logFile = path.join(logDir, `${name}.log`);
    const log = createWriteStream(logFile);
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (chunk) => {
      log.write(chunk);
      output = (output + chunk).slice(-50_000);
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const service = {
      name,
      child,
      logFile,
      output: () => output,
      stop: async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
          await exited;
          clearTimeout(timer);
        }
        await new Promise((resolve) => log.end(resolve));
      },
    };
    services.push(service);
    void exited.then(async ({ code, signal }) => {
      // Ctrl+C in a terminal signals the children too; this process's own handler then stops the rest.
      await sleep(250);
      if (stopping) return;
      process.stderr.write(
        `\n${name} exited on its own (${signal ?? `code ${code}`}); its last output:\n${output.slice(-4000)}\nStopping everything.\n`,
      );
      void stopAll().finally(() => process.exit(1));
    });
    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    for (;;) {
      const value = await ready(output);
      if (value !== undefined) return { ...service, value };
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited during start-up:\n${output.slice(-4000)}`);
      if (Date.now() > deadline) throw new Error(`${name} did not start within ${STARTUP_TIMEOUT_MS / 1000} s:\n${output.slice(-4000)}`);
      await sleep(100);
    }
  };

  const onSignal = (signal) => {
    if (stopping) return;
    process.stdout.write(`\n${signal}: stopping the router, the subgraphs and the sandbox\n`);
    stopAll().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  // `on`, not `once`: Ctrl+C under `npm run` arrives twice (from the terminal and forwarded by npm),
  // and a second SIGINT without a handler would end this process before it has stopped the rest.
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    // 1. One IXOPAY sandbox for the whole fleet.
    const sandbox = await startService('ixopay-sandbox', [path.join(buildDir, 'sandbox', 'main.js')], {
      env: { ...baseEnv(), SANDBOX_HOST: HOST, SANDBOX_PORT: '0', SANDBOX_ACCESS_LOG: '0' },
      // The banner ends with the demo profiles, after the URL and the credentials.
      ready: (output) => (output.includes('Demo profiles') ? /IXOPAY sandbox listening on (\S+)/.exec(output)?.[1] : undefined),
    });
    // The demo connector's credentials, as the sandbox prints them.
    const credential = (name) => new RegExp(`^\\s*${name}=(\\S+)$`, 'm').exec(sandbox.output())[1];

    // 2. The customer-profiles replicas: one configuration, one token secret, production mode (no
    //    stack traces or introspection; the router needs neither).
    const gatewayEnv = {
      ...baseEnv(),
      NODE_ENV: 'production',
      HOST,
      PORT: '0',
      IXOPAY_BASE_URL: sandbox.value,
      IXOPAY_USERNAME: credential('IXOPAY_USERNAME'),
      IXOPAY_PASSWORD: credential('IXOPAY_PASSWORD'),
      IXOPAY_API_KEY: credential('IXOPAY_API_KEY'),
      IXOPAY_SHARED_SECRET: credential('IXOPAY_SHARED_SECRET'),
      AUTH_JWT_SECRET: randomBytes(32).toString('base64url'),
      // One name per service (the caller's OTEL_SERVICE_NAME would name the router and replicas alike).
      OTEL_SERVICE_NAME: 'customer-profiles',
    };
    const replicas = [];
    for (let i = 1; i <= replicaCount; i++) {
      replicas.push(
        await startService(`customer-profiles-${i}`, [...nodeFlags, path.join(buildDir, 'main.js')], {
          env: gatewayEnv,
          ready: (output) => /"url":"(http:[^"]+)"[^\n]*"msg":"gateway listening"/.exec(output)?.[1],
        }),
      );
    }
    const operatorToken = execFileSync(
      process.execPath,
      [path.join(buildDir, 'cli', 'token.js'), '--sub', 'supergraph-operator', '--scope', 'profiles:read profiles:write', '--ttl', '8h'],
      { env: gatewayEnv, encoding: 'utf8' },
    ).trim();

    // 3. One URL for the subgraph: the replicas themselves, or a round-robin in front of them.
    let profilesUrl = replicas[0].value;
    if (replicas.length > 1) {
      balancer = await startRoundRobin(replicas.map((r) => new URL(r.value).origin));
      profilesUrl = `${balancer.origin}${new URL(replicas[0].value).pathname}`;
    }

    // 4. The orders subgraph.
    const orders = await startService('orders', [path.join(HERE, 'orders-subgraph.mjs')], {
      env: { ...baseEnv(), HOST, PORT: '0' },
      ready: (output) => /orders subgraph listening on (\S+)/.exec(output)?.[1],
    });

    // 5. Compose, and serve the supergraph with Hive Gateway.
    const supergraphFile = path.join(runDir, 'supergraph.graphql');
    writeFileSync(supergraphFile, composeSupergraph({ 'customer-profiles': profilesUrl, orders: orders.value }));
    const port = routerPort === 0 ? await freePort() : routerPort;
    // gateway.config.mjs turns on the router's OpenTelemetry when an OTLP endpoint is set.
    const routerEnv = { ...baseEnv(), OTEL_SERVICE_NAME: 'router' };
    const otlpEndpoint = process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    const routerOrigin = `http://${HOST}:${port}`;
    await startService(
      'router',
      [HIVE_BIN, 'supergraph', supergraphFile, '--config-path', path.join(HERE, 'gateway.config.mjs'), '--host', HOST, '--port', String(port)],
      {
        env: routerEnv,
        cwd: HERE,
        ready: async () => {
          try {
            return (await globalThis.fetch(`${routerOrigin}/readiness`)).ok ? true : undefined;
          } catch {
            return undefined;
          }
        },
      },
    );

    const routerUrl = `${routerOrigin}/graphql`;
    const body = JSON.stringify({ query: EXAMPLE_QUERY.replace(/\s+/g, ' ').trim() });
    process.stdout.write(
      [
        '',
        `=== Supergraph: Hive Gateway ${hiveVersion} in front of customer-profiles (${replicas.length} ${replicas.length === 1 ? 'replica' : 'replicas'}) and orders ===`,
        `Router (GraphQL endpoint; GraphiQL in a browser):  ${routerUrl}`,
        `  subgraph customer-profiles  ${profilesUrl}${balancer ? '  (round-robin over the replicas)' : ''}`,
        ...replicas.map((r, i) => `    replica ${i + 1}  ${r.value}  (metrics: ${new URL(r.value).origin}/metrics)`),
        `  subgraph orders             ${orders.value}`,
        `IXOPAY sandbox, shared by the replicas:  ${sandbox.value}  (calls: ${sandbox.value}/__sandbox/stats)`,
        `Supergraph SDL:  ${supergraphFile}`,
        `Logs:            ${logDir}`,
        otlpEndpoint
          ? `Traces:          the router and the replicas export OTLP to ${otlpEndpoint}`
          : 'Traces:          off (set OTEL_EXPORTER_OTLP_ENDPOINT to export them)',
        '',
        'Operator token (8 h, both profile scopes); the router forwards `authorization` to customer-profiles only:',
        `  OPERATOR=${operatorToken}`,
        '',
        'Try it:',
        `  curl -s ${routerUrl} -H 'content-type: application/json' -H "authorization: Bearer $OPERATOR" \\`,
        `    -d '${body}'`,
        '',
        "Example query (orders with their customer's profile):",
        EXAMPLE_QUERY,
        'Ctrl+C stops everything.',
        '',
      ].join('\n'),
    );
  } catch (error) {
    process.stderr.write(`npm run supergraph: start-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
    await stopAll();
    process.exit(1);
  }
}

await main();
