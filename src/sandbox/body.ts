/**
 * Reads a request body completely, refusing more than a fixed number of bytes, through raw-body
 * (the gateway reads its bodies the same way): it checks Content-Length and the bytes actually
 * sent, and settles when a client disconnects mid-body.
 */
import type { IncomingMessage } from 'node:http';
import getRawBody from 'raw-body';

/** Request bodies above this answer 413 (the API's bodies are a few KiB at most). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The body was larger than the limit; reading stopped. */
export class BodyTooLargeError extends Error {}

/** The body bytes; rejects with BodyTooLargeError past `limit`, or the stream's error. */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  try {
    return await getRawBody(req, { limit, length: req.headers['content-length'] });
  } catch (error) {
    if ((error as { type?: string }).type === 'entity.too.large') throw new BodyTooLargeError();
    throw error;
  }
}
