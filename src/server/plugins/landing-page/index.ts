/**
 * Apollo Sandbox at GET /graphql (Accept: text/html), with a way out when Apollo's CDN cannot be
 * reached: Apollo's landing page loads its embed script from that CDN and otherwise shows only
 * "you might be offline". This wraps Apollo's own landing page plugin and adds to that message a
 * link to the gateway's local explorer, plus a script that switches over by itself as soon as a
 * script from another origin fails to load.
 */
import type { ApolloServerPlugin, BaseContext, GraphQLServerListener, LandingPage } from '@apollo/server';

export interface LocalFallbackOptions {
  /** The local explorer, relative to the landing page (GET /graphql), e.g. `explorer`. */
  explorerHref: string;
}

/** `landingPage` (e.g. ApolloServerPluginLandingPageLocalDefault(...)) with the local fallback added to its HTML. */
export function landingPageWithLocalFallback<TContext extends BaseContext>(
  landingPage: ApolloServerPlugin<TContext>,
  options: LocalFallbackOptions,
): ApolloServerPlugin<TContext> {
  return {
    async serverWillStart(service) {
      const listener = await landingPage.serverWillStart?.(service);
      if (!listener?.renderLandingPage) return listener;
      const inner = listener;
      const wrapped: GraphQLServerListener = {
        ...listener,
        async renderLandingPage(): Promise<LandingPage> {
          const original = await inner.renderLandingPage!();
          return {
            // Apollo renders per request (a fresh CSP nonce each time), so the fallback is added per request too.
            html: async () => addLocalFallback(typeof original.html === 'string' ? original.html : await original.html(), options.explorerHref),
          };
        },
      };
      return wrapped;
    },
  };
}

/** Marks the link, so tests and users can find it. */
export const FALLBACK_LINK_ID = 'local-explorer-link';

/**
 * Puts the fallback into Apollo's `<div class="fallback">` (shown when the embed never covers
 * it), before the CDN script tags so the error listener is in place when they fail. The inline
 * script carries the page's CSP nonce; without one (no CSP on the page) it needs none.
 */
export function addLocalFallback(html: string, explorerHref: string): string {
  const nonce = /<script nonce="([^"]+)"/.exec(html)?.[1];
  const href = escapeHtml(explorerHref);
  const block = `
  <p>This gateway serves its own GraphQL explorer, which needs nothing from the internet:
    <a id="${FALLBACK_LINK_ID}" href="${href}">open the local explorer</a>.</p>
  <script${nonce ? ` nonce="${escapeHtml(nonce)}"` : ''}>
    window.addEventListener('error', function (event) {
      var element = event.target;
      if (element && element.tagName === 'SCRIPT' && element.src && new URL(element.src, location.href).origin !== location.origin) {
        location.replace(new URL(${JSON.stringify(explorerHref).replace(/</g, '\\u003c')}, location.href).href);
      }
    }, true);
  </script>
`;
  const fallback = /<div class="fallback">[\s\S]*?(?=<\/div>)/.exec(html);
  if (fallback) return html.slice(0, fallback.index + fallback[0].length) + block + html.slice(fallback.index + fallback[0].length);
  // Markup of another Apollo version: still offer the way out, first thing in the body.
  return html.replace(/<body>/, `<body>${block}`);
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
