/** The tools' small HTTP requests beside the load: the sandbox's control endpoints, probes. */
import { request as httpRequest } from 'node:http';

/**
 * A small JSON request on a fresh connection (`agent: false`): the runner's control calls sit idle
 * for seconds between uses, and a pooled keep-alive socket may be closed by the server's idle
 * timeout just as it is reused ("fetch failed"). A string body is sent as it is, anything else
 * as JSON. Callers decide on a retry.
 */
export function controlRequestOnce(
  method: 'GET' | 'PUT' | 'POST' | 'DELETE',
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
  timeoutMs = 5000,
): Promise<{ status: number; text: string }> {
  return new Promise((resolvePromise, reject) => {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const req = httpRequest(
      url,
      {
        method,
        agent: false,
        timeout: timeoutMs,
        headers: payload ? { 'content-type': 'application/json', ...headers, 'content-length': Buffer.byteLength(payload) } : headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}
