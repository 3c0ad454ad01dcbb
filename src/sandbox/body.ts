/** Reads a request body completely, refusing more than a fixed number of bytes. */
import type { IncomingMessage } from 'node:http';

/** Request bodies above this answer 413 (the API's bodies are a few KiB at most). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The body was larger than the limit; reading stopped. */
export class BodyTooLargeError extends Error {}

/** The body bytes; rejects with BodyTooLargeError past `limit`, or the stream's error. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new BodyTooLargeError());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    // A client that disconnects mid-body may not produce 'error'; 'close' before 'end' settles it.
    const onClose = (): void => onError(new Error('request closed before the body was complete'));
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}
