/** Liveness and readiness endpoints, kept apart on purpose: a dead upstream makes us unready, never "dead". */
import type { ServerResponse } from 'node:http';
import type { CircuitState } from '../ixopay/resilience/circuit';

/** What readiness depends on. */
export interface ReadinessProbe {
  /** False while shutting down. */
  accepting(): boolean;
  /** The upstream circuit state; `open` means calls fail fast, so we are not ready. */
  upstreamCircuit(): CircuitState;
}

/** `GET /healthz`: the process is up and its event loop answers. */
export function sendLiveness(res: ServerResponse): void {
  sendJson(res, 200, { status: 'ok' });
}

/** `GET /readyz`: 200 when we can serve traffic, 503 with the reason otherwise. */
export function sendReadiness(res: ServerResponse, probe: ReadinessProbe): void {
  const circuit = probe.upstreamCircuit();
  if (!probe.accepting()) return sendJson(res, 503, { status: 'shutting-down', upstreamCircuit: circuit });
  if (circuit === 'open') return sendJson(res, 503, { status: 'upstream-unavailable', upstreamCircuit: circuit });
  sendJson(res, 200, { status: 'ready', upstreamCircuit: circuit });
}

/** Writes a small JSON response. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify(body));
}
