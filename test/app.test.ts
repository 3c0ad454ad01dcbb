/**
 * src/app.ts is the only gateway module that loads the sandbox, and only in demo mode: a
 * production process (IXOPAY_BASE_URL set) never loads a line of src/sandbox/. Checked in a child
 * process, whose module cache shows exactly what was loaded.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..');
const REGISTER_TS = path.join(__dirname, 'auth/support/register-ts.js');

/** Starts the app with `env` in a fresh process and returns the src/ modules it loaded. */
function modulesLoadedWith(env: Record<string, string>): string[] {
  const script = `
    require('reflect-metadata');
    const { loadConfig } = require('./src/config/config');
    const { startApp } = require('./src/app');
    (async () => {
      const app = await startApp(loadConfig(${JSON.stringify({ HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', ...env })}));
      await app.close();
      const loaded = Object.keys(require.cache).filter((file) => file.startsWith(${JSON.stringify(path.join(ROOT, 'src') + path.sep)}));
      process.stdout.write(JSON.stringify(loaded.map((file) => file.slice(${JSON.stringify(ROOT.length + 1)}))));
    })().catch((error) => { console.error(error); process.exit(1); });
  `;
  const out = execFileSync(process.execPath, ['-r', REGISTER_TS, '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(out) as string[];
}

describe('what a process loads', () => {
  it('in production (IXOPAY_BASE_URL set): the gateway, and not one module of src/sandbox/', () => {
    const loaded = modulesLoadedWith({
      NODE_ENV: 'production',
      IXOPAY_BASE_URL: 'https://ixopay.example.test/',
      IXOPAY_USERNAME: 'user',
      IXOPAY_PASSWORD: 'password',
      IXOPAY_API_KEY: 'api-key',
      IXOPAY_SHARED_SECRET: 'shared-secret',
      AUTH_JWT_SECRET: 'a-production-secret-of-32-characters!',
    });
    expect(loaded).toContain(path.join('src', 'server', 'gateway.ts'));
    expect(loaded.filter((file) => file.startsWith(path.join('src', 'sandbox')))).toEqual([]);
  });

  it('in demo mode: the sandbox too', () => {
    const loaded = modulesLoadedWith({});
    expect(loaded).toContain(path.join('src', 'sandbox', 'server.ts'));
  });
});
