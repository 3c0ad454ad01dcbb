/**
 * GET /explorer: GraphiQL served entirely by the gateway (page, script, stylesheet), so it works
 * where Apollo Sandbox's CDN cannot be reached. The gateway mounts it only while introspection is
 * on; otherwise these paths answer 404 like any unknown path.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { bundleLoader, type ExplorerBundle } from './bundle';
import { explorerCsp, newNonce, pageConfig, renderPage, type ExplorerTab } from './page';

export type { ExplorerTab } from './page';
export { exampleOperationTabs } from './operations';

export const EXPLORER_PATH = '/explorer';
const ASSETS_PREFIX = `${EXPLORER_PATH}/assets/`;

export interface ExplorerOptions {
  /** Pre-filled in the headers editor (demo mode: the dev token). */
  headers?: Record<string, string>;
  /** Tabs to open with (demo mode: the example operations); GraphiQL's default query otherwise. */
  tabs?: ExplorerTab[];
  logger?: Logger;
}

export interface Explorer {
  /** Whether `pathname` is the explorer's (the page or one of its assets). */
  serves(pathname: string): boolean;
  handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void>;
}

export function createExplorer(options: ExplorerOptions = {}): Explorer {
  // The page sits at /explorer, so `graphql` and `explorer/assets/...` resolve next to it.
  const config = pageConfig({ endpoint: 'graphql', headers: options.headers, tabs: options.tabs });
  const bundle = bundleLoader();

  return {
    serves: (pathname) => pathname === EXPLORER_PATH || pathname.startsWith(ASSETS_PREFIX),

    async handle(req, res, pathname) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('allow', 'GET, HEAD');
        return sendText(res, 405, 'Method not allowed: use GET');
      }
      let loaded: ExplorerBundle;
      try {
        loaded = await bundle();
      } catch (error) {
        options.logger?.error({ err: { name: (error as Error)?.name, message: (error as Error)?.message } }, 'explorer bundle unavailable');
        return sendText(res, 503, 'The explorer is not available: its bundle could not be loaded. See the gateway log.');
      }

      if (pathname === EXPLORER_PATH) {
        const styleNonce = newNonce();
        const html = renderPage({ ...config, styleNonce }, loaded, 'explorer/assets/');
        res.statusCode = 200;
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.setHeader('content-security-policy', explorerCsp(styleNonce));
        // The page can hold a bearer token (demo mode): never stored, never sent on as a referrer.
        res.setHeader('cache-control', 'no-store');
        res.setHeader('referrer-policy', 'no-referrer');
        res.setHeader('x-content-type-options', 'nosniff');
        res.setHeader('x-frame-options', 'DENY');
        res.end(req.method === 'HEAD' ? undefined : html);
        return;
      }

      const asset = loaded.assets.get(pathname.slice(ASSETS_PREFIX.length));
      if (!asset) return sendText(res, 404, 'Not found');
      const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
      res.statusCode = 200;
      res.setHeader('content-type', asset.contentType);
      // Names carry a content hash: a new bundle gets new names.
      res.setHeader('cache-control', 'public, max-age=31536000, immutable');
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('vary', 'accept-encoding');
      if (gzip) res.setHeader('content-encoding', 'gzip');
      const body = gzip ? asset.gzip : asset.body;
      res.setHeader('content-length', body.length);
      res.end(req.method === 'HEAD' ? undefined : body);
    },
  };
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(text);
}
