/**
 * The paths the deployment files probe are the ones a running gateway serves: the Deployment's
 * startup, readiness and liveness probes and its scrape path answer 200, and the image's
 * HEALTHCHECK command (run as written in the Dockerfile) passes against the gateway and fails
 * against a server answering 503.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startStack, type Stack } from '../support/stack';
import { execForm } from './support/dockerfile';
import { container, lastOf, podAnnotations, runtime } from './support/deploy-files';

let stack: Stack;
let origin: string;
let unhealthy: Server;

beforeAll(async () => {
  stack = await startStack();
  origin = new URL(stack.gatewayUrl).origin;
  unhealthy = createServer((_req, res) => {
    res.statusCode = 503;
    res.end();
  });
  await new Promise<void>((resolve) => unhealthy.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  await stack?.close();
  await new Promise((resolve) => (unhealthy ? unhealthy.close(resolve) : resolve(undefined)));
});

it('serves every probe path and the scrape path with 200', async () => {
  const paths = new Set<string>(['startupProbe', 'readinessProbe', 'livenessProbe'].map((p) => container[p].httpGet.path));
  paths.add(podAnnotations['prometheus.io/path']);
  for (const p of paths) {
    const response = await fetch(origin + p);
    expect({ path: p, status: response.status }).toEqual({ path: p, status: 200 });
  }
});

it('the image HEALTHCHECK probes the liveness path on PORT: passes on the gateway, fails on a 503', async () => {
  const healthcheck = lastOf(runtime, 'HEALTHCHECK')!;
  const [command, ...args] = execForm(healthcheck.args.slice(healthcheck.args.search(/\bCMD\b/)));
  expect(command).toBe('node');
  expect(args.join(' ')).toContain(`path:'${container.livenessProbe.httpGet.path}'`);
  // The exit code of the command with PORT set as the image sets it.
  const run = (port: number) =>
    new Promise<number | string>((resolve) => {
      execFile(process.execPath, args, { env: { ...process.env, PORT: String(port) }, timeout: 15_000 }, (error) =>
        resolve(error ? (error.code ?? 'killed') : 0),
      );
    });
  expect(await run(Number(new URL(origin).port))).toBe(0);
  expect(await run((unhealthy.address() as AddressInfo).port)).toBe(1);
});
