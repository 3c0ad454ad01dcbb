/**
 * Builds the authentication headers of one request: Basic auth, `Date`/`X-Date` and the
 * `X-Signature` over the exact body bytes (API.md §2). Secrets live in private fields so they never
 * show up in `JSON.stringify`, `util.inspect` or a logged object graph.
 */
import { formatHttpDate, sign, type BodyHashAlgorithm } from './signature';

/** The Content-Type we send, byte for byte the string that goes into the signature. */
export const CONTENT_TYPE = 'application/json; charset=utf-8';

/** What a signer needs; the password is used exactly as configured. */
export interface SignerOptions {
  username: string;
  /**
   * Sent as configured. The docs' examples send the plain password; the official PHP client sends
   * `phpHashedPassword(password)` (10× SHA-1 hex). A deployment that must mimic the PHP client
   * configures that 40-hex form here; we never hash on our own, so both forms keep working.
   */
  password: string;
  sharedSecret: string;
  bodyHash: BodyHashAlgorithm;
  clock: () => Date;
  dateSuffix: 'GMT' | 'UTC';
}

/** Signs requests; one instance per client. */
export class RequestSigner {
  #authorization: string;
  #sharedSecret: string;
  readonly #bodyHash: BodyHashAlgorithm;
  readonly #clock: () => Date;
  readonly #dateSuffix: 'GMT' | 'UTC';
  // The Date header only changes once per second; at thousands of calls per second formatting it
  // per call is wasted work.
  #cachedSecond = Number.NaN;
  #cachedDate = '';

  /** Precomputes the Authorization value. */
  constructor(options: SignerOptions) {
    this.#authorization = 'Basic ' + Buffer.from(`${options.username}:${options.password}`, 'utf8').toString('base64');
    this.#sharedSecret = options.sharedSecret;
    this.#bodyHash = options.bodyHash;
    this.#clock = options.clock;
    this.#dateSuffix = options.dateSuffix;
  }

  /** Flat undici header list for a POST of `body` to `requestUri` (path plus query). */
  headers(body: Buffer, requestUri: string): string[] {
    const date = this.#date();
    const signature = sign(this.#sharedSecret, {
      method: 'POST',
      body,
      contentType: CONTENT_TYPE,
      date,
      requestUri,
      bodyHash: this.#bodyHash,
    });
    return [
      'content-type',
      CONTENT_TYPE,
      'accept',
      'application/json',
      'date',
      date,
      'x-date',
      date,
      'authorization',
      this.#authorization,
      'x-signature',
      signature,
    ];
  }

  #date(): string {
    const now = this.#clock();
    const second = Math.floor(now.getTime() / 1000);
    if (second !== this.#cachedSecond) {
      this.#cachedSecond = second;
      this.#cachedDate = formatHttpDate(now, this.#dateSuffix);
    }
    return this.#cachedDate;
  }
}
