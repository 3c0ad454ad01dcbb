/**
 * Headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core) that can reach
 * loopback only: every request to another host is aborted and recorded, and the browser's own
 * background traffic is switched off. Without the binary the browser tests are skipped, loudly.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** `describe`, or `describe.skip` with a line saying how to get the browser, chosen when the file loads. */
export function describeWithChromium(): jest.Describe {
  if (existsSync(CHROMIUM)) return describe;
  console.warn(`Skipping the browser tests: ${CHROMIUM} is missing. Install it with: apt-get install -y chromium`);
  return describe.skip;
}

/** Screenshots go here (git-ignored). */
export const OUTPUT_DIR = path.resolve(__dirname, '..', '..', '..', 'test-output', 'explorer');

export interface LoopbackBrowser {
  context: BrowserContext;
  page: Page;
  /** Requests to any host but 127.0.0.1, all aborted. */
  offLoopback: string[];
  /** Uncaught errors of any page, and the Content-Security-Policy violations `page` saw. */
  problems(page: Page): Promise<string[]>;
  /** Writes a full-page PNG under OUTPUT_DIR and returns its path. */
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

export async function launchLoopbackBrowser(): Promise<LoopbackBrowser> {
  // A fresh profile every time: no cache, no stored GraphiQL tabs, no service workers.
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'explorer-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Belt and braces under the routing below: no name resolves but loopback.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
  const offLoopback: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (/^(https?|wss?):$/.test(url.protocol) && url.hostname !== '127.0.0.1') {
      offLoopback.push(url.href);
      return route.abort('internetdisconnected');
    }
    return route.continue();
  });
  const errors: string[] = [];
  context.on('weberror', (error) => errors.push(`uncaught: ${error.error().message}`));
  // Strings, not functions: the test project is type-checked without the DOM's types.
  await context.addInitScript({
    content: `window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push('CSP ' + e.violatedDirective + ': ' + e.blockedURI));`,
  });
  const page = context.pages()[0] ?? (await context.newPage());

  return {
    context,
    page,
    offLoopback,
    async problems(page) {
      const csp = await page.evaluate<string[]>('window.__cspViolations || []').catch((): string[] => []);
      return [...errors, ...csp];
    },
    async screenshot(page, name) {
      mkdirSync(OUTPUT_DIR, { recursive: true });
      const file = path.join(OUTPUT_DIR, name);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
