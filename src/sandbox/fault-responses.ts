/** What each fault mode does to the response (the modes are listed in faults.ts). */
import type { ServerResponse } from 'node:http';
import type { InjectedFault } from './faults';
import { sendReply, tooManyRequests } from './wire';

/**
 * Answers (or deliberately does not answer) the call the fault hit. For the applied-then-* modes
 * the operation has already run; only its answer is replaced.
 */
export function applyFault(fault: InjectedFault, res: ServerResponse): void {
  switch (fault.mode) {
    case '500':
      // A bare edge/server error page: no API error object.
      return sendText(res, 500, 'Internal Server Error');
    case 'applied-then-502':
      // What an edge proxy answers when the origin's response got lost.
      return sendText(res, 502, 'Bad Gateway');
    case '429':
      return sendReply(res, tooManyRequests(fault.retryAfterSeconds));
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
    case 'applied-then-reset':
      res.socket?.destroy();
      return;
    case 'wrong-shape':
      sendReply(res, { status: 200, body: { hello: 'world' } });
      return;
  }
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
}
