/** What each fault mode does to the response (the modes are listed in faults.ts). */
import type { ServerResponse } from 'node:http';
import type { ActiveFault } from './faults';
import { apiError, ErrorCode, sendReply } from './wire';

/** Answers (or deliberately does not answer) the call the fault hit. */
export function applyFault(fault: ActiveFault, res: ServerResponse): void {
  switch (fault.mode) {
    case '500':
      // A bare edge/server error page: no API error object.
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': '21' });
      res.end('Internal Server Error');
      return;
    case '429':
      sendReply(res, apiError(429, ErrorCode.TOO_MANY_REQUESTS, 'Too many requests', { 'Retry-After': String(fault.retryAfterSeconds) }));
      return;
    case 'hang':
      // Never answer: the socket stays open until the client gives up or the sandbox closes.
      return;
    case 'malformed': {
      const text = '{"success":true,"profileExists":tru';
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)) });
      res.end(text);
      return;
    }
    case 'reset-connection':
      res.socket?.destroy();
      return;
    case 'wrong-shape':
      sendReply(res, { status: 200, body: { hello: 'world' } });
      return;
  }
}
