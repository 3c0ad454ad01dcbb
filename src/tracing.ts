/**
 * OpenTelemetry tracing, started before anything else is loaded: main.ts imports this module
 * first. Off (nothing loaded, nothing started) unless OTEL_EXPORTER_OTLP_ENDPOINT or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set (and OTEL_SDK_DISABLED is not true); then @opentelemetry/sdk-node runs with traces only
 * (the gateway's metrics are Prometheus at /metrics), no automatic instrumentation (the gateway
 * makes its own spans, see src/fleet/tracing.ts), and everything else from the standard OTEL_*
 * variables: OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, OTEL_TRACES_SAMPLER(_ARG),
 * OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL / HEADERS / TIMEOUT, OTEL_PROPAGATORS, OTEL_BSP_*, ...
 *
 * This is the one module besides src/config that reads process.env, and only the OTEL_* variables:
 * they are the OpenTelemetry SDK's own (it reads them itself), not the gateway's settings, and the
 * SDK must start before src/config and the rest are loaded.
 */
import type { NodeSDK } from '@opentelemetry/sdk-node';

const env = process.env;
const set = (name: string): boolean => (env[name] ?? '').trim() !== '';

let sdk: NodeSDK | undefined;
const disabled = (env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase() === 'true';
if (!disabled && (set('OTEL_EXPORTER_OTLP_ENDPOINT') || set('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'))) {
  // Loaded only when on: the SDK and its exporters cost start-up time and memory.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { NodeSDK: Sdk } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const named = set('OTEL_SERVICE_NAME') || /(^|,)\s*service\.name\s*=/.test(env.OTEL_RESOURCE_ATTRIBUTES ?? '');
  sdk = new Sdk({
    serviceName: named ? undefined : 'ixopay-profiles-gateway',
    // Traces only: an empty list here means "none", not "from the environment".
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [],
  });
  sdk.start();
}

/** True when the SDK was started. */
export const tracingEnabled = sdk !== undefined;

/** Exports what is still buffered and stops the SDK (on shutdown); at most `timeoutMs`. */
export async function stopTracing(timeoutMs = 5000): Promise<void> {
  if (!sdk) return;
  const stopping = sdk.shutdown().catch(() => undefined);
  await Promise.race([stopping, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
}
