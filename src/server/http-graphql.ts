/**
 * Bridges node:http to Apollo Server's framework-neutral `executeHTTPGraphQLRequest`. Apollo 5
 * ships no node:http integration of its own; this is the small adapter it expects us to write.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApolloServer, HeaderMap, type BaseContext, type HTTPGraphQLRequest } from '@apollo/server';
import type { FastPath } from './plugins/compiled-execution';
import { readBody, BodyTooLargeError } from './read-body';

/** Largest request body accepted; an operation bigger than this is abuse, not a query. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Handles one `/graphql` request with the given Apollo server and per-request context factory;
 * a `fastPath` answers the queries it has admitted before Apollo sees them.
 */
export async function handleGraphQLRequest<TContext extends BaseContext>(
  apollo: ApolloServer<TContext>,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  createContext: () => Promise<TContext>,
  fastPath?: FastPath<TContext>,
): Promise<void> {
  // Created at most once: a request the fast path hands on reaches Apollo with the same caller and
  // the same DataLoaders (and so without a second upstream call).
  let contextValue: Promise<TContext> | undefined;
  const context = () => (contextValue ??= createContext());

  let body: unknown;
  if (req.method === 'POST') {
    let raw: Buffer;
    try {
      raw = await readBody(req, MAX_BODY_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return sendRequestError(res, req, 413, 'Request body too large');
      throw error;
    }
    const contentType = req.headers['content-type'] ?? '';
    if (/^application\/json\b/i.test(contentType)) {
      const text = raw.toString('utf8');
      if (!/\S/.test(text)) {
        return sendRequestError(res, req, 400, 'POST body is missing: send a JSON object with a "query"');
      }
      try {
        body = JSON.parse(text);
      } catch {
        return sendRequestError(res, req, 400, 'POST body is not valid JSON');
      }
      const fast = fastPath && (await fastPath.answer({ headers: req.headers, body }, context));
      if (fast) {
        res.statusCode = 200;
        res.setHeader('content-type', fast.contentType);
        res.end(fast.body);
        return;
      }
    } else {
      // Apollo rejects non-JSON bodies itself (and CSRF prevention wants to see the header).
      body = raw.length > 0 ? raw.toString('utf8') : undefined;
    }
  }

  const headers = new HeaderMap();
  const incoming = req.headers;
  for (const key in incoming) {
    const value = incoming[key];
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const httpGraphQLRequest: HTTPGraphQLRequest = {
    method: req.method ?? 'GET',
    headers,
    search: url.search,
    body,
  };
  const response = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context });

  res.statusCode = response.status ?? 200;
  for (const [key, value] of response.headers) res.setHeader(key, value);
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/**
 * A request-level error (the body is not a GraphQL request at all). The GraphQL over HTTP spec
 * asks for 400 here whatever the client accepts; only operation errors get the 200 treatment.
 */
function sendRequestError(res: ServerResponse, req: IncomingMessage, status: number, message: string): void {
  const graphqlResponse = /application\/graphql-response\+json/i.test(req.headers.accept ?? '');
  res.statusCode = status;
  res.setHeader('content-type', `${graphqlResponse ? 'application/graphql-response+json' : 'application/json'}; charset=utf-8`);
  res.end(JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] }));
}
