/**
 * A minimal HTTP round-robin load balancer on loopback: each request goes to the next replica in
 * turn. It stands in, for `npm run supergraph`, for what spreads a router's subgraph requests over
 * the replicas in production (a Kubernetes Service, a mesh, a cloud load balancer): Hive Gateway
 * (like Apollo Router) takes one URL per subgraph. Per request, not per connection, so that a router
 * holding one keep-alive connection still reaches every replica.
 */
import http from 'node:http';
import { URL } from 'node:url';

/** Headers that describe one hop's connection, not the request (RFC 9110, section 7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/**
 * Starts the balancer on `host`:`port` (0: any free port) in front of `targets` (origins such as
 * http://127.0.0.1:4001). Resolves to its origin, per-target request counts, and close().
 */
export function startRoundRobin(targets, { host = '127.0.0.1', port = 0 } = {}) {
  if (targets.length === 0) throw new Error('round-robin: no targets');
  const upstreams = targets.map((target) => new URL(target));
  const agent = new http.Agent({ keepAlive: true });
  const served = upstreams.map(() => 0);
  let next = 0;

  const server = http.createServer((req, res) => {
    const index = next;
    next = (next + 1) % upstreams.length;
    const target = upstreams[index];
    served[index]++;
    const headers = {};
    for (const [name, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = value;
    headers.host = target.host;
    const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent }, (answer) => {
      const answerHeaders = {};
      for (const [name, value] of Object.entries(answer.headers)) if (!HOP_BY_HOP.has(name)) answerHeaders[name] = value;
      res.writeHead(answer.statusCode ?? 502, answerHeaders);
      answer.pipe(res);
    });
    upstream.on('error', (error) => {
      if (res.headersSent) {
        res.destroy(error);
        return;
      }
      res.writeHead(502, { 'content-type': 'text/plain' }).end(`replica ${target.origin} unreachable: ${error.message}\n`);
    });
    req.pipe(upstream);
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve({
        origin: `http://${host}:${address.port}`,
        served: () => [...served],
        close: () =>
          new Promise((done) => {
            agent.destroy();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
