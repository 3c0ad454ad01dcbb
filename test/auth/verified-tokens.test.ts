/** Verified tokens are remembered only inside their validity window, and the cache stays bounded. */
import { VerifiedTokens } from '../../src/auth/verified-tokens';
import type { Principal } from '../../src/auth/principal';

const shopper: Principal = { kind: 'shopper', subject: 's', customerIdentification: 'cust-0001' };

test('a remembered token is served until it expires, then forgotten', () => {
  let now = 1_000_000;
  const cache = new VerifiedTokens(10, 60_000, () => now);
  cache.set('t', shopper, 1_000 + 5, undefined); // exp 5 s after "now" (in seconds)
  expect(cache.get('t')).toBe(shopper);
  now += 5_000;
  expect(cache.get('t')).toBeUndefined();
});

test('no entry outlives the maximum age, whatever the token says', () => {
  let now = 1_000_000;
  const cache = new VerifiedTokens(10, 60_000, () => now);
  cache.set('t', shopper, 1_000 + 3600, undefined);
  now += 59_999;
  expect(cache.get('t')).toBe(shopper);
  now += 1;
  expect(cache.get('t')).toBeUndefined();
});

test('a token is not served before its nbf', () => {
  const now = 1_000_000;
  const cache = new VerifiedTokens(10, 60_000, () => now);
  cache.set('t', shopper, 1_000 + 60, 1_000 + 10);
  expect(cache.get('t')).toBeUndefined();
});

test('the oldest entry makes room when the cache is full', () => {
  const cache = new VerifiedTokens(2, 60_000, () => 1_000_000);
  cache.set('a', shopper, 2_000, undefined);
  cache.set('b', shopper, 2_000, undefined);
  cache.set('c', shopper, 2_000, undefined);
  expect(cache.get('a')).toBeUndefined();
  expect(cache.get('b')).toBe(shopper);
  expect(cache.get('c')).toBe(shopper);
});
