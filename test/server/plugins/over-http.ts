/**
 * Raw HTTP against a test stack (test/support/stack.ts): what a client sees, status, media type and
 * the exact bytes, for the plugin tests that compare answers across paths and stacks.
 */
import type { Stack } from '../../support/stack';

/** One HTTP answer as received. */
export interface RawAnswer {
  status: number;
  contentType: string | null;
  /** Every response header but the per-response ones (date, x-request-id). */
  headers: Record<string, string>;
  /** The body, byte for byte (as UTF-8 text). */
  text: string;
}

const PER_RESPONSE_HEADERS = new Set(['date', 'x-request-id']);

/** The stack's default operator token, minted once per stack. */
const operatorTokens = new WeakMap<Stack, Promise<string>>();
export function operatorToken(stack: Stack): Promise<string> {
  let token = operatorTokens.get(stack);
  if (!token) operatorTokens.set(stack, (token = stack.token()));
  return token;
}

export interface PostOptions {
  /** Bearer token; undefined: the stack's operator token; null: no Authorization header. */
  token?: string | null;
  /** Extra or overriding headers (`accept` defaults to application/json). */
  headers?: Record<string, string>;
}

/** POSTs a JSON body (a string is sent verbatim). */
export async function post(stack: Stack, body: unknown, options: PostOptions = {}): Promise<RawAnswer> {
  const token = options.token === undefined ? await operatorToken(stack) : options.token;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const response = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { ...headers, ...options.headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return answerOf(response);
}

/** GETs /graphql with `params` as the query string. */
export async function get(stack: Stack, params: Record<string, string>, options: PostOptions = {}): Promise<RawAnswer> {
  const token = options.token === undefined ? await operatorToken(stack) : options.token;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const url = new URL(stack.gatewayUrl);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return answerOf(await fetch(url, { headers: { ...headers, ...options.headers } }));
}

async function answerOf(response: Response): Promise<RawAnswer> {
  const headers = Object.fromEntries([...response.headers].filter(([name]) => !PER_RESPONSE_HEADERS.has(name)));
  return { status: response.status, contentType: response.headers.get('content-type'), headers, text: await response.text() };
}

/** The parsed JSON body of an answer. */
export function json(answer: RawAnswer): {
  data?: any;
  errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, any> }>;
  extensions?: Record<string, any>;
} {
  return JSON.parse(answer.text);
}

/** What compiled execution and the fast path did so far on `stack` (all zero when compiled execution is off). */
export function stats(stack: Stack): { compiled: number; interpreted: number; compilations: number; fastPath: number } {
  return stack.app.gateway.compiledExecutionStats() ?? { compiled: 0, interpreted: 0, compilations: 0, fastPath: 0 };
}

/** Counts since `before` (stats are cumulative over a stack's life). */
export function statsSince(stack: Stack, before: ReturnType<typeof stats>): ReturnType<typeof stats> {
  const now = stats(stack);
  return {
    compiled: now.compiled - before.compiled,
    interpreted: now.interpreted - before.interpreted,
    compilations: now.compilations - before.compilations,
    fastPath: now.fastPath - before.fastPath,
  };
}

/** A query text no earlier request of the file has used (the stores key on the exact text). */
let unique = 0;
export function fresh(query: string): string {
  return `${query}\n# ${++unique}`;
}
