/**
 * How the fast path stays in step with Apollo's pipeline. Every Apollo plugin with per-request
 * hooks declares, on itself, what the fast path does in its place; the fast path is built from
 * those declarations (its store, its checks, its report sinks) and refuses at start-up any plugin
 * without one. Adding a plugin with a per-request effect therefore fails loudly until its
 * counterpart exists, instead of silently being skipped for hot queries.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { OperationCheck } from '../../graphql/operation-check';
import type { OperationStore } from './operation-store';
import type { OperationSink } from './report';

/** What the fast path does instead of a plugin's per-request hooks. */
export type FastPathCounterpart =
  /** The plugin that compiles and admits operations; the fast path answers from its store. */
  | { kind: 'store'; store: OperationStore }
  /** Checks the plugin runs once the operation is resolved; the fast path runs the same ones. */
  | { kind: 'checks'; checks: readonly OperationCheck[] }
  /** The plugin reports every operation to `sink`; the fast path reports to the same sink. */
  | { kind: 'report'; sink: OperationSink }
  /** The plugin acts only on requests `applies` matches; the fast path declines those. */
  | { kind: 'declines'; applies: RequestPredicate }
  /** The plugin only changes error responses; the fast path only ever answers successes. */
  | { kind: 'errors-only'; why: string };

/** Reads a request header (lower-case name) from whichever representation a path has. */
export type HeaderLookup = (name: string) => string | undefined;

/** A test on a request's headers, shared by Apollo's side and the fast path. */
export type RequestPredicate = (header: HeaderLookup) => boolean;

const COUNTERPART = Symbol('fastPathCounterpart');

type Declared = { [COUNTERPART]?: FastPathCounterpart };

/** Attaches `counterpart` to `plugin` and returns the plugin. */
export function withFastPathCounterpart<P extends ApolloServerPlugin<any>>(plugin: P, counterpart: FastPathCounterpart): P {
  (plugin as P & Declared)[COUNTERPART] = counterpart;
  return plugin;
}

/**
 * The declared counterparts of `plugins`; throws for a plugin with per-request hooks and none.
 * Plugins without `requestDidStart` (landing pages, the disabled-feature markers) need none.
 */
export function fastPathCounterparts(plugins: readonly ApolloServerPlugin<any>[]): FastPathCounterpart[] {
  const counterparts: FastPathCounterpart[] = [];
  for (const plugin of plugins) {
    const declared = (plugin as Declared)[COUNTERPART];
    if (declared) counterparts.push(declared);
    else if (plugin.requestDidStart) {
      const id = (plugin as { __internal_plugin_id__?: string }).__internal_plugin_id__ ?? 'an unnamed plugin';
      throw new Error(`${id} has per-request hooks but declares no fast-path counterpart (see server/operations/counterparts.ts)`);
    }
  }
  return counterparts;
}
