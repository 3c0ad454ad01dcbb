/**
 * Reads a request body into memory with a hard size cap, through raw-body (the body reader of
 * Express's stack): it enforces the cap against Content-Length and the bytes actually sent, and
 * settles when a client disconnects mid-body.
 */
import type { IncomingMessage } from 'node:http';
import getRawBody from 'raw-body';
import { BadRequestError } from '../../graphql/errors';

/** The body bytes; BadRequestError (413) past `limit`; other failures (a client gone) reject as they are. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  try {
    return await getRawBody(req, { limit, length: req.headers['content-length'] });
  } catch (error) {
    if ((error as { type?: string }).type === 'entity.too.large') throw new BadRequestError('Request body too large', 413);
    throw error;
  }
}
