/**
 * The soak's ledger: what the soak knows about the sandbox's profiles (so it knows what a read
 * must return), every request's outcome, every mutation's fate, and the rule violations.
 *
 * Profiles are locked while a mutation on them is in flight and until it is confirmed, so each
 * applied write the sandbox journals for a profile can be attributed to exactly one mutation,
 * and a read never races a delete of the profile it reads.
 */

/** A payment instrument the soak registered (only those: the seeded ones are never touched). */
export interface LedgerInstrument {
  transactionUuid: string;
  paymentToken: string;
  /** On its profile (attached), or detached (still registered, can be attached again). */
  attached: boolean;
}

export interface LedgerProfile {
  profileGuid: string;
  customerIdentification: string;
  /** Seeded (demo, bench-*) or created by the soak. */
  origin: 'seed' | 'created';
  state: 'live' | 'gone';
  /** The mutation holding the profile (from before it is sent until it is confirmed), or null. */
  lock: MutationKind | null;
  /** Reads in flight. */
  readers: number;
  /** The soak's instruments on it (created profiles only). */
  instruments: LedgerInstrument[];
}

export type MutationKind = 'update' | 'delete' | 'register' | 'remove' | 'attach' | 'detach';

/** The fate of one mutation, for the summary. */
export type MutationFate = 'confirmed' | 'reported-failed' | 'outcome-unknown' | 'violation' | 'unanswered';

/** Rules whose break fails the run. */
export type Rule =
  | 'shape'
  | 'unexpected-code'
  | 'wrong-profile'
  | 'null-existing'
  | 'unconfirmed'
  | 'unknown-not-unavailable'
  | 'silent-failure'
  | 'applied-twice'
  | 'duplicate-writes'
  | 'unanswered'
  | 'crash'
  | 'rss'
  | 'reads-served'
  | 'journal';

const MAX_EXAMPLES_PER_RULE = 8;

export class Ledger {
  readonly profiles = new Map<string, LedgerProfile>();
  readonly #byCustomerId = new Map<string, LedgerProfile>();
  /** Journal entries already attributed to a mutation. */
  readonly attributedSeqs = new Set<number>();

  requests = 0;
  readonly requestsByOperation = new Map<string, number>();
  /** Every error entry in every response, by extensions.code. */
  readonly errorsByCode = new Map<string, number>();
  /** Traffic reads (per profile: a batch of 100 refs is 100 reads). */
  readsAttempted = 0;
  readsServed = 0;
  readonly unservedByCode = new Map<string, number>();
  confirmationReads = 0;
  readonly mutations = new Map<MutationKind, Record<MutationFate, number>>();
  profilesCreatedDirectly = 0;
  readonly violations = new Map<Rule, { count: number; examples: string[] }>();

  addProfile(profile: Omit<LedgerProfile, 'lock' | 'readers' | 'state' | 'instruments'> & Partial<LedgerProfile>): LedgerProfile {
    const entry: LedgerProfile = { state: 'live', lock: null, readers: 0, instruments: [], ...profile };
    this.profiles.set(entry.profileGuid, entry);
    this.#byCustomerId.set(entry.customerIdentification, entry);
    return entry;
  }

  byCustomerId(customerIdentification: string): LedgerProfile | undefined {
    return this.#byCustomerId.get(customerIdentification);
  }

  count(map: Map<string, number>, key: string, n = 1): void {
    map.set(key, (map.get(key) ?? 0) + n);
  }

  request(operation: string): void {
    this.requests++;
    this.count(this.requestsByOperation, operation);
  }

  violation(rule: Rule, example: string): void {
    const entry = this.violations.get(rule) ?? { count: 0, examples: [] };
    entry.count++;
    if (entry.examples.length < MAX_EXAMPLES_PER_RULE) entry.examples.push(example);
    this.violations.set(rule, entry);
  }

  mutation(kind: MutationKind, fate: MutationFate): void {
    const row = this.mutations.get(kind) ?? { confirmed: 0, 'reported-failed': 0, 'outcome-unknown': 0, violation: 0, unanswered: 0 };
    row[fate]++;
    this.mutations.set(kind, row);
  }

  mutationTotals(): Record<MutationFate, number> {
    const total: Record<MutationFate, number> = { confirmed: 0, 'reported-failed': 0, 'outcome-unknown': 0, violation: 0, unanswered: 0 };
    for (const row of this.mutations.values()) for (const key of Object.keys(total) as MutationFate[]) total[key] += row[key];
    return total;
  }

  /** Live profiles a read may target: any but those being deleted (they exist throughout the read). */
  readable(): LedgerProfile[] {
    const out: LedgerProfile[] = [];
    for (const p of this.profiles.values()) if (p.state === 'live' && p.lock !== 'delete') out.push(p);
    return out;
  }

  /** Live, unlocked profiles a mutation may take. */
  writable(filter: (p: LedgerProfile) => boolean = () => true): LedgerProfile[] {
    const out: LedgerProfile[] = [];
    for (const p of this.profiles.values()) if (p.state === 'live' && p.lock === null && filter(p)) out.push(p);
    return out;
  }

  liveCreated(): number {
    let n = 0;
    for (const p of this.profiles.values()) if (p.origin === 'created' && p.state === 'live') n++;
    return n;
  }
}

/** `{A:1,B:2}` with keys sorted by count, for the summary line. */
export function formatCounts(map: Map<string, number> | Record<string, number>): string {
  const entries = (map instanceof Map ? [...map.entries()] : Object.entries(map)).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  return `{${entries.map(([k, n]) => `${k}:${n}`).join(',')}}`;
}
