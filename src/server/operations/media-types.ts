/**
 * The response media type for a request's `accept` header, as Apollo Server chose it. Apollo's
 * negotiation is internal, so instead of restating it, the HTTP adapter records what Apollo
 * answered for each `accept` value and the fast path answers only values Apollo has answered
 * before: there is one negotiation (Apollo's), and the fast path cannot disagree with it.
 */
import { LRUCache } from 'lru-cache';

/** Clients send a handful of distinct, short `accept` values; only those are remembered. */
const MAX_VALUES = 64;
const MAX_VALUE_LENGTH = 256;
/** The absent header gets its own key (a header value can never be empty after trimming). */
const ABSENT = '';

/** Single-result media types Apollo answers a successful operation with. */
const SINGLE_RESULT = /^application\/(?:graphql-response\+)?json; charset=utf-8$/;

/** What Apollo answered per `accept` value. */
export class LearnedMediaTypes {
  readonly #known = new LRUCache<string, string>({ max: MAX_VALUES });

  /** Records Apollo's content type for a 200 single-result answer to a request with `accept`. */
  learn(accept: string | undefined, contentType: string | number | readonly string[] | undefined): void {
    if (typeof contentType !== 'string' || !SINGLE_RESULT.test(contentType)) return;
    const key = accept ?? ABSENT;
    if (key.length <= MAX_VALUE_LENGTH && this.#known.get(key) !== contentType) this.#known.set(key, contentType);
  }

  /** Apollo's content type for this `accept` value, once learned. */
  for(accept: string | undefined): string | undefined {
    return this.#known.get(accept ?? ABSENT);
  }
}
