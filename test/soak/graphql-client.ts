/**
 * The soak's GraphQL client: POSTs one operation to the gateway over a keep-alive pool and checks
 * the response against the contract's envelope. Every request ends in exactly one of:
 * - `response`: the gateway answered (any HTTP status); `shapeProblem` says what is wrong with
 *   the body, if anything (not JSON, unknown top-level keys, no data and no errors, an error
 *   without a message or with an `extensions.code` outside src/graphql/errors/codes.ts);
 * - `unanswered`: no response within the client timeout, or the connection failed or was cut
 *   before a full response arrived.
 */
import { Agent, request as httpRequest } from 'node:http';
import { isErrorCode } from '../../src/graphql/errors/codes';

export interface GraphQLError {
  message: string;
  path?: (string | number)[];
  extensions: { code: string; [key: string]: unknown };
}

export interface GraphQLBody {
  data?: Record<string, any> | null;
  errors?: GraphQLError[];
}

export type GraphQLOutcome =
  { kind: 'response'; status: number; body: GraphQLBody; shapeProblem?: string; ms: number } | { kind: 'unanswered'; reason: string; ms: number };

const TOP_LEVEL_KEYS = new Set(['data', 'errors', 'extensions']);

/** What is wrong with a response body, or undefined when it is a contract-shaped GraphQL response. */
export function envelopeProblem(contentType: string | undefined, text: string): { body: GraphQLBody; problem?: string } {
  const empty: GraphQLBody = {};
  if (!contentType || !/^application\/(graphql-response\+)?json\b/i.test(contentType)) {
    return { body: empty, problem: `content-type ${contentType ?? '(none)'}; body ${JSON.stringify(text.slice(0, 120))}` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { body: empty, problem: `body is not JSON: ${JSON.stringify(text.slice(0, 120))}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { body: empty, problem: 'body is not a JSON object' };
  const body = parsed as GraphQLBody & Record<string, unknown>;
  const extra = Object.keys(body).filter((key) => !TOP_LEVEL_KEYS.has(key));
  if (extra.length > 0) return { body, problem: `unexpected top-level keys ${extra.join(',')}` };
  if (body.errors !== undefined) {
    if (!Array.isArray(body.errors) || body.errors.length === 0) return { body, problem: '"errors" is not a non-empty array' };
    for (const error of body.errors as unknown[]) {
      const e = error as Partial<GraphQLError> | null;
      if (typeof e !== 'object' || e === null || typeof e.message !== 'string') return { body, problem: 'an error without a message' };
      const code = e.extensions?.code;
      if (!isErrorCode(code))
        return {
          body,
          problem: `error code ${JSON.stringify(code)} is not in the contract's table (message ${JSON.stringify(e.message.slice(0, 120))})`,
        };
    }
  } else if (typeof body.data !== 'object' || body.data === null) {
    return { body, problem: 'neither data nor errors' };
  }
  if (body.data !== undefined && body.data !== null && (typeof body.data !== 'object' || Array.isArray(body.data)))
    return { body, problem: '"data" is not an object' };
  return { body };
}

export class GraphQLClient {
  readonly #agent: Agent;
  readonly #url: URL;

  constructor(
    endpoint: string,
    private readonly token: string,
    private readonly timeoutMs: number,
    maxSockets: number,
  ) {
    this.#url = new URL(endpoint);
    this.#agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  /** Sends one operation; never throws. */
  send(query: string, variables: Record<string, unknown>, operationName: string): Promise<GraphQLOutcome> {
    const started = performance.now();
    const payload = JSON.stringify({ query, variables, operationName });
    return new Promise((resolve) => {
      let settled = false;
      const finish = (outcome: GraphQLOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      const req = httpRequest(
        {
          protocol: this.#url.protocol,
          hostname: this.#url.hostname,
          port: this.#url.port,
          path: this.#url.pathname,
          method: 'POST',
          agent: this.#agent,
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            authorization: `Bearer ${this.token}`,
            'content-length': Buffer.byteLength(payload),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const { body, problem } = envelopeProblem(res.headers['content-type'], text);
            finish({ kind: 'response', status: res.statusCode ?? 0, body, shapeProblem: problem, ms: performance.now() - started });
          });
          res.on('error', (error) => finish({ kind: 'unanswered', reason: `response cut: ${describe(error)}`, ms: performance.now() - started }));
          res.on('aborted', () => finish({ kind: 'unanswered', reason: 'response aborted', ms: performance.now() - started }));
        },
      );
      const timer = setTimeout(() => {
        finish({ kind: 'unanswered', reason: `no response within ${this.timeoutMs} ms`, ms: performance.now() - started });
        req.destroy();
      }, this.timeoutMs);
      req.on('error', (error) => finish({ kind: 'unanswered', reason: `connection: ${describe(error)}`, ms: performance.now() - started }));
      req.end(payload);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e?.code ?? e?.message ?? String(error);
}
