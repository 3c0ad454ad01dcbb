/**
 * A small cache of already verified tokens. A client sends the same bearer token with every
 * request; re-verifying it (HMAC or RSA/ECDSA, claim checks) each time was measurable per
 * request. Entries live until the token expires, at most `maxAgeMs` (so a key withdrawn from a
 * JWKS stops working soon after), and the cache is bounded.
 */
import type { Principal } from './principal';

interface Entry {
  principal: Principal;
  /** Epoch ms after which the entry must not be used. */
  validUntil: number;
  /** Epoch ms before which the token is not valid yet (`nbf`). */
  validFrom: number;
}

/** Bounded map from token string to the principal it verified to. */
export class VerifiedTokens {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxEntries: number,
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached principal for a token still inside its validity window, else undefined. */
  get(token: string): Principal | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    const now = this.now();
    if (now >= entry.validUntil || now < entry.validFrom) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.principal;
  }

  /** Remembers a verified token; `exp`/`nbf` are the token's claims in seconds (with tolerance applied by the caller). */
  set(token: string, principal: Principal, expSeconds: number, nbfSeconds: number | undefined): void {
    if (this.entries.size >= this.maxEntries) {
      // Oldest insertion first: Map iterates in insertion order.
      this.entries.delete(this.entries.keys().next().value as string);
    }
    const now = this.now();
    this.entries.set(token, {
      principal,
      validUntil: Math.min(expSeconds * 1000, now + this.maxAgeMs),
      validFrom: nbfSeconds === undefined ? 0 : nbfSeconds * 1000,
    });
  }
}
