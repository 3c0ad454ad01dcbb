/**
 * The HTML of GET /explorer and its Content-Security-Policy. The page runs no inline script: its
 * settings travel in a JSON data block (never executed, so outside `script-src`) that the
 * bundled script reads, and every script, style and font comes from this origin.
 */
import { createHash, randomBytes } from 'node:crypto';

/** One tab GraphiQL opens with (GraphiQL's TabDefinition). */
export interface ExplorerTab {
  query: string;
  /** JSON text. */
  variables?: string;
  /** JSON text. */
  headers?: string;
}

/** What the page hands to the browser code (client/explorer.jsx reads exactly these fields). */
export interface PageConfig {
  /** Relative to the page, so a path prefix added by a proxy carries over. */
  endpoint: string;
  /** JSON text for the headers editor of new tabs, e.g. the demo mode dev token. */
  headers?: string;
  tabs: ExplorerTab[];
  /** Changes whenever the settings do, so the browser does not restore tabs from an earlier run. */
  storageKey: string;
  /** Per response: the nonce of the <style> elements GraphiQL's dialogs add (see explorerCsp). */
  styleNonce?: string;
}

/** A fresh nonce for each page. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * `default-src 'self'` and nothing inline: scripts come from this origin only; the one kind of
 * inline style, the <style> element Radix adds while a dialog is open, carries the page's nonce
 * (the bundle hands it over as `__webpack_nonce__`, where Radix looks). GraphiQL's own fonts and
 * icons are data: URLs in its stylesheet.
 */
export function explorerCsp(styleNonce: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${styleNonce}'`,
    "font-src 'self' data:",
    "img-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function pageConfig(options: { endpoint: string; headers?: Record<string, string>; tabs?: ExplorerTab[] }): PageConfig {
  const headers = options.headers && Object.keys(options.headers).length > 0 ? JSON.stringify(options.headers, null, 2) : undefined;
  const tabs = (options.tabs ?? []).map((tab) => ({ ...tab, headers: tab.headers ?? headers }));
  const storageKey = createHash('sha256').update(JSON.stringify({ headers, tabs })).digest('base64url').slice(0, 16);
  return { endpoint: options.endpoint, headers, tabs, storageKey };
}

/** The page; `assetBase` is the path of the assets relative to the page (e.g. `explorer/assets/`). */
export function renderPage(config: PageConfig, bundle: { script: string; style: string }, assetBase: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="no-referrer" />
    <title>GraphQL explorer · IXOPAY Customer Profiles gateway</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${escapeAttribute(assetBase + bundle.style)}" />
  </head>
  <body>
    <div id="explorer"><p class="explorer-loading">Loading the GraphQL explorer…</p></div>
    <noscript>The GraphQL explorer needs JavaScript.</noscript>
    <script type="application/json" id="explorer-config">${jsonForScriptElement(config)}</script>
    <script src="${escapeAttribute(assetBase + bundle.script)}" defer></script>
  </body>
</html>
`;
}

/** JSON that cannot end its <script> element early or open an HTML comment inside it. */
function jsonForScriptElement(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
