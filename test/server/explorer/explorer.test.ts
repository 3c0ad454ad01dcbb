/**
 * GET /explorer over HTTP: a page that loads nothing from another origin and says so in its CSP,
 * demo mode's token and example operations handed to GraphiQL, cacheable hashed assets, and 404
 * when introspection is off. (explorer.browser.test.ts runs it in Chromium.)
 */
import { decodeJwt } from 'jose';
import { exampleOperations } from '../../graphql/support/operations';
import { startStack } from '../../support/stack';
import { startDemoStack, type DemoStack } from './demo-stack';

let demo: DemoStack;
let page: { status: number; headers: Headers; html: string };

beforeAll(async () => {
  demo = await startDemoStack();
  const response = await fetch(`${demo.origin}/explorer`);
  page = { status: response.status, headers: response.headers, html: await response.text() };
});
afterAll(async () => {
  await demo?.close();
});

/** The settings the page hands to the browser code. */
const pageConfig = () => {
  const json = /<script type="application\/json" id="explorer-config">([\s\S]*?)<\/script>/.exec(page.html)?.[1];
  if (!json) throw new Error('no explorer-config block');
  return JSON.parse(json) as { endpoint: string; headers?: string; tabs: Array<{ query: string; variables?: string; headers?: string }> };
};

describe('the page', () => {
  it('is HTML that is never cached, with a strict Content-Security-Policy', () => {
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const csp = Object.fromEntries(
      page.headers
        .get('content-security-policy')!
        .split(';')
        .map((directive) => directive.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['connect-src']).toEqual(["'self'"]);
    // Inline styles only with this response's nonce (Radix's dialog <style>); nothing 'unsafe-*'.
    expect(csp['style-src']).toEqual(["'self'", expect.stringMatching(/^'nonce-[A-Za-z0-9+/]{22}==/)]);
    expect(page.headers.get('content-security-policy')).not.toContain('unsafe');
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    // Nothing from another origin anywhere in the policy.
    for (const values of Object.values<string[]>(csp)) for (const value of values) expect(value).not.toMatch(/^(https?:|\*|\/\/)/);
  });

  it('runs no inline script and loads every script and stylesheet from this origin', () => {
    const scripts = [...page.html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
    expect(scripts).toHaveLength(2);
    for (const attributes of scripts) expect(attributes).toMatch(/type="application\/json"|src="explorer\/assets\/explorer-\w+\.js"/);
    expect(page.html).toMatch(/<link rel="stylesheet" href="explorer\/assets\/explorer-\w+\.css" \/>/);
    expect(page.html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('hands GraphiQL the dev token and every example operation with its variables (demo mode)', () => {
    const config = pageConfig();
    expect(config.endpoint).toBe('graphql');
    const headers = JSON.parse(config.headers!) as Record<string, string>;
    expect(Object.keys(headers)).toEqual(['Authorization']);
    expect(decodeJwt(headers.Authorization.replace(/^Bearer /, ''))).toMatchObject({ sub: 'demo-operator' });

    const examples = exampleOperations();
    expect(config.tabs).toHaveLength(examples.length + 1);
    expect(config.tabs[0].query).toMatch(/^query CheckoutProfile \{\s+customerProfile\(customerIdentification: "cust-0001"\)/);
    for (const example of examples) {
      const tab = config.tabs.find((t) => t.query === example.document);
      expect(tab).toBeDefined();
      expect(tab!.variables === undefined ? undefined : JSON.parse(tab!.variables)).toEqual(example.variables);
      expect(tab!.headers).toBeDefined();
    }
    // Opening tabs never change data: every query comes before the first mutation.
    const kinds = config.tabs.map((t) => (/^\s*mutation\b/m.test(t.query) ? 'mutation' : 'query'));
    expect(kinds.indexOf('mutation')).toBeGreaterThan(kinds.lastIndexOf('query'));
  });

  it('uses a new style nonce for every response', async () => {
    const again = await fetch(`${demo.origin}/explorer`);
    const nonce = (headers: Headers) => /'nonce-([^']+)'/.exec(headers.get('content-security-policy')!)![1];
    expect(nonce(again.headers)).not.toBe(nonce(page.headers));
    expect(JSON.parse(/id="explorer-config">([\s\S]*?)<\/script>/.exec(await again.text())![1]).styleNonce).toBe(nonce(again.headers));
  });

  it('keeps the config block from closing its <script> element', () => {
    const block = /<script type="application\/json" id="explorer-config">([\s\S]*?)<\/script>/.exec(page.html)![1];
    expect(block).not.toMatch(/<|>/);
  });

  it('answers other methods with 405', async () => {
    const response = await fetch(`${demo.origin}/explorer`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('the assets', () => {
  const assetPath = (ext: 'js' | 'css') => new RegExp(`"(explorer/assets/explorer-\\w+\\.${ext})"`).exec(page.html)![1];

  it('serves the script and stylesheet, cacheable forever under content-hashed names', async () => {
    for (const [ext, type] of [
      ['js', 'text/javascript; charset=utf-8'],
      ['css', 'text/css; charset=utf-8'],
    ] as const) {
      const response = await fetch(`${demo.origin}/${assetPath(ext)}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(type);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      const body = await response.text();
      expect(body.length).toBeGreaterThan(10_000);
      // No font, stylesheet or script from another origin referenced by the bundle either.
      expect(body).not.toMatch(/@import\s+url\(\s*["']?https?:|url\(\s*["']?(https?:)?\/\/|\bsrc\s*=\s*["']https?:/);
    }
  });

  it('sends gzip to clients that accept it', async () => {
    // fetch decodes gzip itself; the header says what went over the wire.
    const response = await fetch(`${demo.origin}/${assetPath('js')}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect((await response.text()).length).toBeGreaterThan(10_000);
  });

  it('answers unknown assets with 404', async () => {
    expect((await fetch(`${demo.origin}/explorer/assets/nope.js`)).status).toBe(404);
    expect((await fetch(`${demo.origin}/explorer/other`)).status).toBe(404);
  });
});

describe('the Apollo Sandbox landing page', () => {
  it('offers the local explorer, with a switch-over script under the page nonce', async () => {
    const response = await fetch(`${demo.origin}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('embeddable-sandbox.cdn.apollographql.com');
    expect(html).toMatch(/<a id="local-explorer-link" href="explorer">/);
    const nonce = /'nonce-([^']+)'/.exec(html)![1];
    const ours = html.indexOf("window.addEventListener('error'");
    expect(html.slice(html.lastIndexOf('<script', ours), ours)).toContain(`nonce="${nonce}"`);
    // In place before the CDN script, so its load error is seen.
    expect(ours).toBeLessThan(html.indexOf('embeddable-sandbox.umd.production.min.js'));
  });
});

describe('with introspection off', () => {
  it('answers /explorer and its assets with 404, like any unknown path', async () => {
    const stack = await startStack({ env: { INTROSPECTION: 'false' } });
    try {
      const origin = new URL(stack.gatewayUrl).origin;
      const unknown = await fetch(`${origin}/no-such-path`);
      const unknownBody = await unknown.text();
      for (const path of ['/explorer', `/${/"(explorer\/assets\/explorer-\w+\.js)"/.exec(page.html)![1]}`]) {
        const response = await fetch(`${origin}${path}`, { headers: { accept: 'text/html' } });
        expect(response.status).toBe(404);
        expect(response.headers.get('content-type')).toBe(unknown.headers.get('content-type'));
        expect(await response.text()).toBe(unknownBody);
      }
    } finally {
      await stack.close();
    }
  });
});
