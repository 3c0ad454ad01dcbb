/**
 * A gateway in demo mode, started like `npm start` without IXOPAY_BASE_URL: the embedded sandbox,
 * a generated JWT secret and the dev tokens, on a loopback ephemeral port. (test/support/stack.ts
 * always points the gateway at a sandbox of its own, which is not demo mode.)
 */
import { Writable } from 'node:stream';
import { loadConfig } from '../../../src/config/config';
import { startApp, type App } from '../../../src/app';
import { createLogger } from '../../../src/server/logger';

export interface DemoStack {
  app: App;
  /** e.g. http://127.0.0.1:PORT */
  origin: string;
  close(): Promise<void>;
}

export async function startDemoStack(env: Record<string, string> = {}): Promise<DemoStack> {
  const config = loadConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', ...env });
  if (config.upstream.mode !== 'demo') throw new Error('expected demo mode');
  const logger = createLogger({ level: config.log.level, destination: new Writable({ write: (_chunk, _encoding, callback) => callback() }) });
  const app = await startApp(config, { logger });
  return { app, origin: new URL(app.gateway.url).origin, close: () => app.close() };
}
