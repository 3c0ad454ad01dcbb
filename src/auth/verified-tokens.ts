/**
 * A small cache of already verified tokens. A client sends the same bearer token with every
 * request; re-verifying it (HMAC or RSA/ECDSA, claim checks) each time was measurable per
 * request. Entries live until the token expires, at most `maxAgeMs` (so a key withdrawn from a
 * JWKS stops working soon after); the cache is bounded (lru-cache, least recently used first).
 */
import { LRUCache } from 'lru-cache';
import type { Principal } from './principal';

interface Entry {
  principal: Principal;
  /** Epoch ms before which the token is not valid yet (`nbf`). */
  validFrom: number;
}

/** Bounded map from token string to the principal it verified to. */
export class VerifiedTokens {
  readonly #entries: LRUCache<string, Entry>;
  readonly #maxAgeMs: number;
  readonly #now: () => number;

  constructor(maxEntries: number, maxAgeMs: number, now: () => number = Date.now) {
    this.#maxAgeMs = maxAgeMs;
    this.#now = now;
    // The injected clock also drives expiry, so tests can pin time.
    this.#entries = new LRUCache<string, Entry>({ max: maxEntries, perf: { now }, ttlResolution: 0 });
  }

  /** The cached principal for a token still inside its validity window, else undefined. */
  get(token: string): Principal | undefined {
    const entry = this.#entries.get(token);
    if (!entry || this.#now() < entry.validFrom) return undefined;
    return entry.principal;
  }

  /** Remembers a verified token; `exp`/`nbf` are the token's claims in seconds (with tolerance applied by the caller). */
  set(token: string, principal: Principal, expSeconds: number, nbfSeconds: number | undefined): void {
    const remaining = Math.min(expSeconds * 1000 - this.#now(), this.#maxAgeMs);
    if (remaining <= 1) return;
    // lru-cache serves an entry while its age is at most `ttl`; the token is valid strictly before its end.
    this.#entries.set(token, { principal, validFrom: nbfSeconds === undefined ? 0 : nbfSeconds * 1000 }, { ttl: remaining - 1 });
  }
}
