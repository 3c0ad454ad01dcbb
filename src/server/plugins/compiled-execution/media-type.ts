/**
 * The media type Apollo Server gives a single-result response, for a request's `accept` header.
 * Apollo's own function is internal, so this restates it with the same library (negotiator, the
 * version Apollo resolves to) and the same candidates in the same order; a test holds the two to
 * the same answers.
 */
import Negotiator from 'negotiator';

/** Apollo's MEDIA_TYPES values for single results. */
export const APPLICATION_JSON = 'application/json; charset=utf-8';
export const APPLICATION_GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json; charset=utf-8';
const APPLICATION_JSON_GRAPHQL_CALLBACK = 'application/json; callbackSpec=1.0; charset=utf-8';
const CANDIDATES = [APPLICATION_JSON, APPLICATION_GRAPHQL_RESPONSE_JSON, APPLICATION_JSON_GRAPHQL_CALLBACK];

/** Clients send a handful of distinct, short `accept` values; only those are memoised. */
const MAX_MEMOISED = 64;
const MAX_MEMOISED_LENGTH = 256;
const memo = new Map<string, string | null>();

/**
 * `application/json` or `application/graphql-response+json` (with charset), as Apollo would
 * choose; undefined when Apollo would answer anything else (406, or the subscription callback type).
 */
export function responseMediaType(accept: string | undefined): string | undefined {
  if (!accept) return APPLICATION_JSON;
  let chosen = memo.get(accept);
  if (chosen === undefined) {
    chosen = new Negotiator({ headers: { accept } }).mediaType(CANDIDATES) ?? null;
    if (memo.size < MAX_MEMOISED && accept.length <= MAX_MEMOISED_LENGTH) memo.set(accept, chosen);
  }
  return chosen === APPLICATION_JSON || chosen === APPLICATION_GRAPHQL_RESPONSE_JSON ? chosen : undefined;
}
