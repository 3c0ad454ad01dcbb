/**
 * `/graphql` on node:http: the request-level steps every GraphQL request takes once (method, body,
 * JSON, query size), then the fast path for admitted operations, then Apollo Server's framework-neutral
 * `executeHTTPGraphQLRequest` for everything else. Apollo 5 ships no node:http integration of its
 * own; this is the small adapter it expects us to write.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { ApolloServer, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import type { GraphQLContext } from '../../graphql/context';
import { BadRequestError, PersistedQueryNotInListError, QueryTooComplexError, requestErrorBody } from '../../graphql/errors';
import type { FastPath } from '../operations/fast-path';
import type { LearnedMediaTypes } from '../operations/media-types';
import type { OperationSink } from '../operations/report';
import { readBody } from './read-body';
import type { TrustedDocuments, TrustedDocumentsEnforcement } from './trusted-documents';

/** Largest request body accepted; an operation bigger than this is abuse, not a query. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface GraphQLEndpointOptions {
  apollo: ApolloServer<GraphQLContext>;
  fastPath?: FastPath;
  mediaTypes: LearnedMediaTypes;
  /** LIMIT_MAX_QUERY_BYTES: larger query texts are refused before parsing. */
  maxQueryBytes: number;
  /** The trusted documents manifest (TRUSTED_DOCUMENTS) and who is held to it. */
  trusted?: { documents: TrustedDocuments; enforce: TrustedDocumentsEnforcement };
  /** Requests refused here are operations too, for the log line and the metrics. */
  report: OperationSink;
}

/** Creates the context of one request; called at most once per request. */
export type ContextFactory = () => Promise<GraphQLContext>;

/** Returns the handler of `/graphql` requests. */
export function graphqlEndpoint(options: GraphQLEndpointOptions) {
  const { apollo, fastPath, mediaTypes, maxQueryBytes } = options;
  const trusted = options.trusted?.enforce === 'off' ? undefined : options.trusted;

  return async function handleGraphQL(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    requestId: string,
    createContext: ContextFactory,
  ): Promise<void> {
    const started = performance.now();
    // Created at most once: a request the fast path hands on reaches Apollo with the same caller and
    // the same DataLoaders (and so without a second upstream call).
    let contextValue: Promise<GraphQLContext> | undefined;
    const context = () => (contextValue ??= createContext());

    let body: unknown;
    try {
      if (req.method !== 'GET' && req.method !== 'POST') {
        res.setHeader('allow', 'GET, POST');
        throw new BadRequestError('Method not allowed: use GET or POST', 405);
      }
      if (req.method === 'POST') body = await jsonOrText(req);
      const query = typeof body === 'object' && body !== null ? (body as { query?: unknown }).query : url.searchParams.get('query');
      if (typeof query === 'string' && exceedsBytes(query, maxQueryBytes)) {
        throw new QueryTooComplexError(`Query text exceeds LIMIT_MAX_QUERY_BYTES (${maxQueryBytes} bytes).`, 'maxQueryBytes');
      }
      if (trusted) body = await trustedOnly(trusted, req, url, body, query, context);
    } catch (error) {
      if (error instanceof BadRequestError || error instanceof QueryTooComplexError || error instanceof PersistedQueryNotInListError) {
        sendRequestError(res, req, error);
        const code = error.code;
        options.report({
          requestId,
          outcome: { operationName: null, operationType: 'unknown', outcome: code, errorCodes: [code] },
          labelled: false,
          durationMs: performance.now() - started,
          httpStatus: res.statusCode,
        });
        return;
      }
      throw error;
    }

    if (fastPath && typeof body === 'object') {
      const fast = await fastPath.answer({ headers: req.headers, body }, context);
      if (fast) {
        res.statusCode = 200;
        res.setHeader('content-type', fast.contentType);
        res.end(fast.body);
        return;
      }
    }

    const headers = new HeaderMap();
    const incoming = req.headers;
    for (const key in incoming) {
      const value = incoming[key];
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const httpGraphQLRequest: HTTPGraphQLRequest = { method: req.method ?? 'GET', headers, search: url.search, body };
    const response = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context });

    res.statusCode = response.status ?? 200;
    for (const [key, value] of response.headers) res.setHeader(key, value);
    if (response.body.kind === 'complete') {
      if (res.statusCode === 200) mediaTypes.learn(req.headers.accept, response.headers.get('content-type'));
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}

/**
 * A JSON body parsed, or a non-JSON body as text for Apollo to refuse (CSRF prevention wants to see
 * its content type). The GraphQL over HTTP spec asks for 400 on a body that is not JSON at all.
 */
async function jsonOrText(req: IncomingMessage): Promise<unknown> {
  const raw = await readBody(req, MAX_BODY_BYTES);
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return raw.length > 0 ? raw.toString('utf8') : undefined;
  const text = raw.toString('utf8');
  if (!/\S/.test(text)) throw new BadRequestError('POST body is missing: send a JSON object with a "query"', 400);
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequestError('POST body is not valid JSON', 400);
  }
}

/**
 * The request, held to the manifest: an operation named by hash alone gets its text from the
 * manifest (and then looks like any other request to both paths); one not in the manifest is
 * refused when the caller is held to the list (every caller, or shopper tokens).
 */
async function trustedOnly(
  trusted: NonNullable<GraphQLEndpointOptions['trusted']>,
  req: IncomingMessage,
  url: URL,
  body: unknown,
  query: unknown,
  context: ContextFactory,
): Promise<unknown> {
  const isPost = req.method === 'POST';
  const extensions = isPost ? (body as { extensions?: unknown } | undefined)?.extensions : parseJsonParam(url.searchParams.get('extensions'));
  const hash = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash;
  const operation = trusted.documents.find({ query, hash });
  if (!operation) {
    if (trusted.enforce === 'all' || (await context()).principal.kind === 'shopper') throw new PersistedQueryNotInListError();
    return body;
  }
  if (typeof query === 'string') return body;
  if (!isPost) {
    url.searchParams.set('query', operation.body);
    url.searchParams.delete('extensions');
    return body;
  }
  // The text replaces the hash: Apollo's own persisted-query cache has nothing to add.
  const { extensions: _persisted, ...rest } = body as Record<string, unknown>;
  return { ...rest, query: operation.body };
}

function parseJsonParam(value: string | null): unknown {
  if (value === null) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** UTF-8 size over `max`, without encoding the common short text. */
function exceedsBytes(text: string, max: number): boolean {
  if (text.length * 3 <= max) return false;
  return Buffer.byteLength(text, 'utf8') > max;
}

/** A request refused before GraphQL: 4xx whatever the client accepts (GraphQL over HTTP). */
function sendRequestError(
  res: ServerResponse,
  req: IncomingMessage,
  error: BadRequestError | QueryTooComplexError | PersistedQueryNotInListError,
): void {
  const graphqlResponse = /application\/graphql-response\+json/i.test(req.headers.accept ?? '');
  res.statusCode = error instanceof QueryTooComplexError ? 400 : error.httpStatus;
  res.setHeader('content-type', `${graphqlResponse ? 'application/graphql-response+json' : 'application/json'}; charset=utf-8`);
  res.end(JSON.stringify(requestErrorBody(error)));
}
