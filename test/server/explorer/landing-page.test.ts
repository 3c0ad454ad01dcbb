/**
 * The fallback added to Apollo's landing page HTML, on markup other than the current version's:
 * the way out to the local explorer must survive an Apollo upgrade that changes the page.
 */
import { addLocalFallback, FALLBACK_LINK_ID } from '../../../src/server/plugins/landing-page';

it('goes into the body when the page has no fallback block, and runs without a nonce when the page has none', () => {
  const html = addLocalFallback('<html><body><div id="root"></div><script src="https://cdn.example/x.js"></script></body></html>', 'explorer');
  expect(html.indexOf(`id="${FALLBACK_LINK_ID}"`)).toBeGreaterThan(html.indexOf('<body>'));
  expect(html.indexOf(`id="${FALLBACK_LINK_ID}"`)).toBeLessThan(html.indexOf('https://cdn.example/x.js'));
  expect(html).toContain('<script>');
  expect(html).not.toContain('nonce=');
});

it('escapes the explorer address in the link and in the script', () => {
  const html = addLocalFallback('<body><div class="fallback"><p>offline</p></div></body>', 'x"><script>alert(1)</script>');
  expect(html).not.toContain('<script>alert(1)');
  expect(html).toContain('href="x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  expect(html.match(/<\/script>/g)).toHaveLength(1);
});
