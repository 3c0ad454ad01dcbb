/**
 * A mutation's fate, from two witnesses: what the gateway reported (success, or an error with a
 * code) and the sandbox's journal of applied writes. Reported success must be confirmed by a later
 * read; a reported failure the sandbox did apply is "outcome unknown" and must carry
 * UPSTREAM_UNAVAILABLE.
 */
import { sleep } from '../bench/processes';
import { DOCS, operationName } from './documents';
import type { GraphQLOutcome } from './graphql-client';
import type { MutationKind } from './ledger';
import type { AppliedWrite, WriteQuery } from './sandbox-control';
import { AVAILABILITY_CODES, errorsAt, type Ref, type TrafficContext } from './traffic-context';

export class Settlement {
  /** Successes whose confirming read could not be made while faults were armed; retried at the end. */
  readonly deferred: DeferredConfirmation[] = [];

  constructor(private readonly ctx: TrafficContext) {}

  /**
   * Reads a profile until the gateway answers without an availability error (bounded): the
   * profile, null, or undefined when every attempt failed.
   */
  async readBack(ref: Ref, withinMs: number): Promise<ReadProfile | null | undefined> {
    const deadline = Date.now() + withinMs;
    for (let attempt = 0; ; attempt++) {
      const byGuid = 'profileGuid' in ref;
      const doc = byGuid ? DOCS.readByGuid : DOCS.readByCustomerId;
      this.ctx.ledger.confirmationReads++;
      const outcome = await this.ctx.send(doc, ref);
      const label = `confirming ${operationName(doc)} ${JSON.stringify(ref)}`;
      if (this.ctx.envelope(label, outcome)) {
        const errors = outcome.body.errors ?? [];
        if (errors.length === 0) {
          const item = outcome.body.data?.customerProfile as ReadProfile | null | undefined;
          if (item !== undefined) return item;
          this.ctx.ledger.violation('shape', `${label}: the profile field is missing from data`);
        } else if (!errors.every((e) => AVAILABILITY_CODES.has(e.extensions.code))) {
          return undefined;
        }
      }
      if (Date.now() + 1000 > deadline) return undefined;
      // Past a cool-down (Retry-After 1 s) and any half-open probe.
      await sleep(Math.min(250 * 2 ** attempt, 1500));
    }
  }

  /**
   * Journal entries for `query` not yet attributed to another mutation (each then belongs to this
   * one: the profile is locked). After a failure the journal is asked twice, half a second apart,
   * in case the gateway gave up on a write the sandbox had not yet applied.
   */
  async applied(query: WriteQuery, reported: Reported): Promise<AppliedWrite[]> {
    const unattributed = async () => (await this.ctx.control.writes(query)).writes.filter((w) => !this.ctx.ledger.attributedSeqs.has(w.seq));
    let mine = await unattributed();
    if (mine.length === 0 && reported.kind !== 'success') {
      await sleep(500);
      mine = await unattributed();
    }
    for (const w of mine) this.ctx.ledger.attributedSeqs.add(w.seq);
    return mine;
  }

  /** What the gateway reported for mutation field `field`. */
  reported(label: string, field: string, outcome: GraphQLOutcome): Reported {
    if (!this.ctx.envelope(label, outcome)) return outcome.kind === 'unanswered' ? { kind: 'unanswered' } : { kind: 'bad' };
    const payload = outcome.body.data?.[field] as Record<string, any> | null | undefined;
    if (payload !== null && payload !== undefined && typeof payload === 'object') return { kind: 'success', payload };
    const errors = errorsAt(outcome.body.errors, field);
    if (errors.length === 0) {
      this.ctx.ledger.violation(payload === null ? 'silent-failure' : 'shape', `${label}: ${field} is ${String(payload)} without an error`);
      return { kind: 'bad' };
    }
    const first = errors.find((e) => (e.path ?? []).length === 1) ?? errors[0];
    return { kind: 'failed', code: first.extensions.code, message: first.message };
  }

  /**
   * Settles one mutation from what the gateway reported and what the sandbox applied; confirms a
   * success with a later read. Releases the profile unless the confirmation is deferred.
   */
  async settle(args: {
    kind: MutationKind;
    label: string;
    reported: Reported;
    applied: AppliedWrite[];
    ref: Ref;
    check: (profile: ReadProfile | null) => string | undefined;
    payloadProblem?: string;
    release: () => void;
  }): Promise<void> {
    const { kind, label, reported, applied } = args;
    if (applied.length > 1)
      this.ctx.ledger.violation(
        'applied-twice',
        `${label}: the sandbox applied it ${applied.length} times (seq ${applied.map((w) => w.seq).join(',')})`,
      );
    let deferred = false;
    try {
      switch (reported.kind) {
        case 'unanswered':
        case 'bad':
          this.ctx.ledger.mutation(kind, reported.kind === 'unanswered' ? 'unanswered' : 'violation');
          return;
        case 'failed':
          if (applied.length === 0) {
            this.ctx.ledger.mutation(kind, 'reported-failed');
            return;
          }
          this.ctx.ledger.mutation(kind, 'outcome-unknown');
          if (reported.code !== 'UPSTREAM_UNAVAILABLE') {
            this.ctx.ledger.violation(
              'unknown-not-unavailable',
              `${label}: applied by the sandbox (answer ${applied[0].answer}) but reported as ${reported.code}: ${reported.message.slice(0, 160)}`,
            );
          }
          return;
        case 'success': {
          if (args.payloadProblem) this.ctx.ledger.violation('wrong-profile', `${label}: ${args.payloadProblem}`);
          if (applied.length === 0) {
            this.ctx.ledger.mutation(kind, 'violation');
            this.ctx.ledger.violation('unconfirmed', `${label}: reported success, but the sandbox's journal has no applied write`);
            return;
          }
          const profile = await this.readBack(args.ref, this.ctx.options.confirmWithinMs);
          if (profile === undefined) {
            deferred = true;
            this.deferred.push({ label, kind, ref: args.ref, check: args.check, release: args.release });
            return;
          }
          const problem = args.check(profile);
          if (problem) {
            this.ctx.ledger.mutation(kind, 'violation');
            this.ctx.ledger.violation('unconfirmed', `${label}: reported success, but a later read shows ${problem}`);
          } else {
            this.ctx.ledger.mutation(kind, 'confirmed');
          }
          return;
        }
      }
    } finally {
      if (!deferred) args.release();
    }
  }

  /** At the end, with faults disarmed: the confirmations that could not be read before. */
  async settleDeferred(): Promise<void> {
    for (const d of this.deferred.splice(0)) {
      const profile = await this.readBack(d.ref, 15_000);
      if (profile === undefined) {
        this.ctx.ledger.mutation(d.kind, 'violation');
        this.ctx.ledger.violation('unconfirmed', `${d.label}: reported success, but no read could confirm it (even with faults disarmed)`);
      } else {
        const problem = d.check(profile);
        this.ctx.ledger.mutation(d.kind, problem ? 'violation' : 'confirmed');
        if (problem) this.ctx.ledger.violation('unconfirmed', `${d.label}: reported success, but a later read shows ${problem}`);
      }
      d.release();
    }
  }
}

/** What the gateway reported for one mutation. */
export type Reported =
  { kind: 'success'; payload: Record<string, any> } | { kind: 'failed'; code: string; message: string } | { kind: 'unanswered' } | { kind: 'bad' };

/** A read-back profile, as far as the checks need it. */
export interface ReadProfile {
  profileGuid: string;
  customerIdentification: string | null;
  customer: { company?: string | null; extraData?: Record<string, string> | null } | null;
  paymentInstruments: { paymentToken: string }[];
  preferredInstrument: { paymentToken: string } | null;
}

/** A success whose confirming read could not be made while faults were armed; retried at the end. */
interface DeferredConfirmation {
  label: string;
  kind: MutationKind;
  ref: Ref;
  check: (profile: ReadProfile | null) => string | undefined;
  release: () => void;
}
