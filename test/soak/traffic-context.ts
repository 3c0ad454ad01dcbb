/**
 * What every operation of the soak's traffic shares: the ledger, the clients, the seeded random
 * choices, and the checks every response gets before an operation looks at its data.
 */
import type { IxopayClient } from '../../src/ixopay/client';
import type { GraphQLClient, GraphQLError, GraphQLOutcome } from './graphql-client';
import type { Ledger, LedgerProfile } from './ledger';
import { operationName } from './documents';
import type { InstrumentMutation } from './mutation-detection';
import type { SandboxControl } from './sandbox-control';

/** Codes a valid request may get when the upstream misbehaves; any other code is a finding. */
export const AVAILABILITY_CODES: ReadonlySet<string> = new Set(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_RATE_LIMITED']);

export interface TrafficOptions {
  runId: string;
  /** Instrument mutations the gateway's schema has. */
  mutations: ReadonlySet<InstrumentMutation>;
  /** Signed client for registers sent to the sandbox directly (when the gateway has no register). */
  direct: IxopayClient;
  /** Gives up on a confirming read after this long (faults armed). */
  confirmWithinMs: number;
}

export type Ref = { profileGuid: string } | { customerIdentification: string };

export class TrafficContext {
  constructor(
    readonly ledger: Ledger,
    readonly gql: GraphQLClient,
    readonly control: SandboxControl,
    readonly random: () => number,
    readonly options: TrafficOptions,
  ) {}

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  ref(p: LedgerProfile, byGuid = this.random() < 0.5): Ref {
    return byGuid ? { profileGuid: p.profileGuid } : { customerIdentification: p.customerIdentification };
  }

  /**
   * The checks every response gets: answered, contract-shaped, and no error code a valid request
   * should not get. Counts each error's code. False when there is no usable body.
   */
  envelope(label: string, outcome: GraphQLOutcome): outcome is Extract<GraphQLOutcome, { kind: 'response' }> {
    if (outcome.kind === 'unanswered') {
      this.ledger.violation('unanswered', `${label}: ${outcome.reason} after ${Math.round(outcome.ms)} ms`);
      return false;
    }
    for (const error of outcome.body.errors ?? []) {
      const code = typeof error?.extensions?.code === 'string' ? error.extensions.code : '(none)';
      this.ledger.count(this.ledger.errorsByCode, code);
      if (!outcome.shapeProblem && !AVAILABILITY_CODES.has(code)) {
        this.ledger.violation('unexpected-code', `${label}: ${code} at ${JSON.stringify(error.path ?? [])}: ${String(error.message).slice(0, 160)}`);
      }
    }
    if (outcome.shapeProblem) {
      this.ledger.violation('shape', `${label}: HTTP ${outcome.status}: ${outcome.shapeProblem}`);
      return false;
    }
    return true;
  }

  async send(doc: string, variables: Record<string, unknown>): Promise<GraphQLOutcome> {
    const name = operationName(doc);
    this.ledger.request(name);
    return this.gql.send(doc, variables, name);
  }

  unserved(code: string, n = 1): void {
    this.ledger.count(this.ledger.unservedByCode, code, n);
  }
}

/** The errors at `path` (a list field's index) or above it (the whole field, the whole request). */
export function errorsAt(errors: GraphQLError[] | undefined, field: string, index?: number): GraphQLError[] {
  return (errors ?? []).filter((e) => {
    const path = e.path ?? [];
    if (path.length === 0) return true;
    if (path[0] !== field) return false;
    if (index === undefined || path.length === 1) return true;
    return path[1] === index;
  });
}
