/**
 * The soak's operations against the gateway, each checked and written to the ledger:
 * reads by either identifier (and of a missing profile), 100-ref `customerProfiles` batches,
 * `_entities`, profile updates and deletes, and — when the gateway's schema has them — the
 * instrument mutations (register, remove, attach, detach). Without registerPaymentInstrument,
 * the profiles to delete are created with a register sent to the sandbox directly.
 *
 * A mutation's fate comes from two witnesses: what the gateway reported (success, or an error
 * with a code) and the sandbox's journal of applied writes. Reported success must be confirmed by
 * a later read; a reported failure the sandbox did apply is "outcome unknown" and must carry
 * UPSTREAM_UNAVAILABLE.
 */
import type { IxopayClient } from '../../src/ixopay/client';
import { sleep } from '../bench/processes';
import type { GraphQLClient, GraphQLError, GraphQLOutcome } from './graphql-client';
import type { Ledger, LedgerInstrument, LedgerProfile, MutationKind } from './ledger';
import type { AppliedWrite, SandboxControl, WriteQuery } from './sandbox-control';

/** Codes a valid request may get when the upstream misbehaves; any other code is a finding. */
export const AVAILABILITY_CODES: ReadonlySet<string> = new Set(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_RATE_LIMITED']);

/** Register tokens that finish at once (sandbox README, test tokens). */
const FINISHING_TOKENS = ['tok_visa', 'tok_mastercard', 'tok_amex', 'tok_iban_at', 'tok_paypal'];

export const INSTRUMENT_MUTATIONS = [
  'registerPaymentInstrument',
  'removePaymentInstrument',
  'attachPaymentInstrument',
  'detachPaymentInstrument',
] as const;
export type InstrumentMutation = (typeof INSTRUMENT_MUTATIONS)[number];

const PROFILE_FIELDS = `
  profileGuid
  customerIdentification
  preferredMethod
  customer { firstName lastName company email billingCountry extraData }
  paymentInstruments {
    paymentToken method isPreferred
    paymentData { __typename ... on CardData { brand lastFourDigits } ... on IbanData { iban } ... on WalletData { walletType } }
  }
  preferredInstrument { paymentToken }`;

const DOCS = {
  readByGuid: `query SoakReadByGuid($profileGuid: ID!) { customerProfile(profileGuid: $profileGuid) { ${PROFILE_FIELDS} } }`,
  readByCustomerId: `query SoakReadByCustomerId($customerIdentification: String!) { customerProfile(customerIdentification: $customerIdentification) { ${PROFILE_FIELDS} } }`,
  batch: `query SoakBatch($refs: [CustomerProfileRef!]!) { customerProfiles(refs: $refs) { profileGuid customerIdentification customer { lastName } preferredInstrument { paymentToken } } }`,
  entities: `query SoakEntities($representations: [_Any!]!) { _entities(representations: $representations) { ... on CustomerProfile { profileGuid customerIdentification customer { firstName } preferredInstrument { paymentToken method } } } }`,
  update: `mutation SoakUpdate($input: UpdateCustomerProfileInput!) { updateCustomerProfile(input: $input) { changedFields profile { profileGuid customerIdentification customer { company extraData } } } }`,
  delete: `mutation SoakDelete($input: DeleteCustomerProfileInput!) { deleteCustomerProfile(input: $input) { success profileGuid customerIdentification } }`,
  register: `mutation SoakRegister($input: RegisterPaymentInstrumentInput!) { registerPaymentInstrument(input: $input) { status transactionUuid merchantTransactionId redirectUrl } }`,
  registerWithProfile: `mutation SoakRegisterWithProfile($input: RegisterPaymentInstrumentInput!) { registerPaymentInstrument(input: $input) { status transactionUuid merchantTransactionId paymentInstrument { paymentToken isPreferred } profile { profileGuid customerIdentification } } }`,
  remove: `mutation SoakRemove($input: RemovePaymentInstrumentInput!) { removePaymentInstrument(input: $input) { removedPaymentToken } }`,
  removeWithProfile: `mutation SoakRemoveWithProfile($input: RemovePaymentInstrumentInput!) { removePaymentInstrument(input: $input) { removedPaymentToken profile { profileGuid paymentInstruments { paymentToken } } } }`,
  attach: `mutation SoakAttach($input: AttachPaymentInstrumentInput!) { attachPaymentInstrument(input: $input) { paymentToken } }`,
  attachWithProfile: `mutation SoakAttachWithProfile($input: AttachPaymentInstrumentInput!) { attachPaymentInstrument(input: $input) { paymentToken profile { profileGuid } } }`,
  detach: `mutation SoakDetach($input: DetachPaymentInstrumentInput!) { detachPaymentInstrument(input: $input) { profile { profileGuid } } }`,
} as const;

const operationName = (doc: string) => /^(?:query|mutation) (\w+)/.exec(doc)![1];

type Ref = { profileGuid: string } | { customerIdentification: string };

/** What the gateway reported for one mutation. */
type Reported =
  { kind: 'success'; payload: Record<string, any> } | { kind: 'failed'; code: string; message: string } | { kind: 'unanswered' } | { kind: 'bad' };

/** A read-back profile, as far as the checks need it. */
interface ReadProfile {
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

export interface TrafficOptions {
  runId: string;
  /** Instrument mutations the gateway's schema has. */
  mutations: ReadonlySet<InstrumentMutation>;
  /** Signed client for registers sent to the sandbox directly (when the gateway has no register). */
  direct: IxopayClient;
  /** Gives up on a confirming read after this long (faults armed). */
  confirmWithinMs: number;
}

type OpName =
  | 'readByGuid'
  | 'readByCustomerId'
  | 'readMissing'
  | 'batch'
  | 'entities'
  | 'update'
  | 'delete'
  | 'create'
  | 'registerMore'
  | 'remove'
  | 'detach'
  | 'attach';

const WEIGHTS: Record<OpName, number> = {
  readByGuid: 22,
  readByCustomerId: 22,
  readMissing: 2,
  batch: 2,
  entities: 8,
  update: 14,
  delete: 4,
  create: 5,
  registerMore: 4,
  remove: 3,
  detach: 3,
  attach: 3,
};

/** Created profiles the soak keeps alive (creates below, deletes above). */
const MIN_CREATED = 5;
const MAX_CREATED = 60;
const BATCH_REFS = 100;

export class Traffic {
  readonly deferred: DeferredConfirmation[] = [];
  #updates = 0;
  #creates = 0;
  #registers = 0;
  #missing = 0;

  constructor(
    private readonly ledger: Ledger,
    private readonly gql: GraphQLClient,
    private readonly control: SandboxControl,
    private readonly random: () => number,
    private readonly options: TrafficOptions,
  ) {}

  /** Runs one randomly chosen operation (falls back to a read when the choice has no target). */
  async step(): Promise<void> {
    const op = this.#choose();
    switch (op) {
      case 'readByGuid':
      case 'readByCustomerId':
        return this.readOne(op === 'readByGuid');
      case 'readMissing':
        return this.readMissing();
      case 'batch':
        return this.batch();
      case 'entities':
        return this.entities();
      case 'update':
        return this.update();
      case 'delete':
        return this.delete();
      case 'create':
        return this.create();
      case 'registerMore':
        return this.registerMore();
      case 'remove':
        return this.remove();
      case 'detach':
        return this.detach();
      case 'attach':
        return this.attach();
    }
  }

  #choose(): OpName {
    const total = Object.values(WEIGHTS).reduce((a, b) => a + b, 0);
    let r = this.random() * total;
    let chosen: OpName = 'readByGuid';
    for (const [name, weight] of Object.entries(WEIGHTS) as [OpName, number][]) {
      r -= weight;
      if (r < 0) {
        chosen = name;
        break;
      }
    }
    return this.#possible(chosen) ? chosen : this.random() < 0.5 ? 'readByGuid' : 'readByCustomerId';
  }

  #possible(op: OpName): boolean {
    const has = (m: InstrumentMutation) => this.options.mutations.has(m);
    switch (op) {
      case 'create':
        return this.ledger.liveCreated() < MAX_CREATED;
      case 'delete':
        return this.ledger.liveCreated() > MIN_CREATED && this.#deletable().length > 0;
      case 'registerMore':
        return has('registerPaymentInstrument') && this.ledger.writable((p) => p.origin === 'created').length > 0;
      case 'remove':
        return (
          has('removePaymentInstrument') && this.ledger.writable((p) => p.origin === 'created' && p.instruments.some((i) => i.attached)).length > 0
        );
      case 'detach':
        return (
          has('detachPaymentInstrument') && this.ledger.writable((p) => p.origin === 'created' && p.instruments.some((i) => i.attached)).length > 0
        );
      case 'attach':
        return (
          has('attachPaymentInstrument') && this.ledger.writable((p) => p.origin === 'created' && p.instruments.some((i) => !i.attached)).length > 0
        );
      default:
        return true;
    }
  }

  #deletable(): LedgerProfile[] {
    return this.ledger.writable((p) => p.origin === 'created' && p.readers === 0);
  }

  #pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  #ref(p: LedgerProfile, byGuid = this.random() < 0.5): Ref {
    return byGuid ? { profileGuid: p.profileGuid } : { customerIdentification: p.customerIdentification };
  }

  // --- responses ---------------------------------------------------------------------------

  /**
   * The checks every response gets: answered, contract-shaped, and no error code a valid request
   * should not get. Counts each error's code. False when there is no usable body.
   */
  #envelope(label: string, outcome: GraphQLOutcome): outcome is Extract<GraphQLOutcome, { kind: 'response' }> {
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

  async #send(doc: string, variables: Record<string, unknown>): Promise<GraphQLOutcome> {
    const name = operationName(doc);
    this.ledger.request(name);
    return this.gql.send(doc, variables, name);
  }

  /** The errors at `path` (a list field's index) or above it (the whole field, the whole request). */
  static errorsAt(errors: GraphQLError[] | undefined, field: string, index?: number): GraphQLError[] {
    return (errors ?? []).filter((e) => {
      const path = e.path ?? [];
      if (path.length === 0) return true;
      if (path[0] !== field) return false;
      if (index === undefined || path.length === 1) return true;
      return path[1] === index;
    });
  }

  #unserved(code: string, n = 1): void {
    this.ledger.count(this.ledger.unservedByCode, code, n);
  }

  // --- reads ---------------------------------------------------------------------------------

  async readOne(byGuid: boolean): Promise<void> {
    const p = this.#pick(this.ledger.readable());
    p.readers++;
    try {
      const doc = byGuid ? DOCS.readByGuid : DOCS.readByCustomerId;
      const label = `${operationName(doc)} ${byGuid ? p.profileGuid : p.customerIdentification}`;
      const outcome = await this.#send(doc, this.#ref(p, byGuid));
      this.ledger.readsAttempted++;
      if (!this.#envelope(label, outcome)) return this.#unserved(outcome.kind === 'unanswered' ? 'unanswered' : 'bad-shape');
      const errors = outcome.body.errors ?? [];
      if (errors.length > 0) return this.#unserved(errors[0].extensions.code);
      this.#checkProfileItem(label, p, outcome.body.data?.customerProfile);
    } finally {
      p.readers--;
    }
  }

  /** A read of an identifier no profile has: null, no error. */
  async readMissing(): Promise<void> {
    const customerIdentification = `soak-missing-${this.options.runId}-${++this.#missing}`;
    const label = `SoakReadByCustomerId ${customerIdentification} (missing)`;
    const outcome = await this.#send(DOCS.readByCustomerId, { customerIdentification });
    this.ledger.readsAttempted++;
    if (!this.#envelope(label, outcome)) return this.#unserved(outcome.kind === 'unanswered' ? 'unanswered' : 'bad-shape');
    const errors = outcome.body.errors ?? [];
    if (errors.length > 0) return this.#unserved(errors[0].extensions.code);
    const item = outcome.body.data?.customerProfile;
    if (item === null) this.ledger.readsServed++;
    else this.ledger.violation('wrong-profile', `${label}: expected null, got ${JSON.stringify(item).slice(0, 160)}`);
  }

  /** One profile in a read's answer: the right one, never null while it exists. Counts it served. */
  #checkProfileItem(label: string, p: LedgerProfile | undefined, item: unknown): void {
    if (item === undefined) {
      this.ledger.violation('shape', `${label}: the profile field is missing from data`);
      return this.#unserved('bad-shape');
    }
    if (p === undefined) {
      // A missing profile: null is right.
      if (item === null) this.ledger.readsServed++;
      else this.ledger.violation('wrong-profile', `${label}: expected null for a missing profile, got ${JSON.stringify(item).slice(0, 160)}`);
      return;
    }
    if (item === null) {
      this.ledger.violation('null-existing', `${label}: existing profile ${p.profileGuid} (${p.customerIdentification}) read back as null`);
      return this.#unserved('null-existing');
    }
    const got = item as { profileGuid?: unknown; customerIdentification?: unknown };
    if (got.profileGuid !== p.profileGuid || got.customerIdentification !== p.customerIdentification) {
      this.ledger.violation(
        'wrong-profile',
        `${label}: asked for ${p.profileGuid}/${p.customerIdentification}, got ${String(got.profileGuid)}/${String(got.customerIdentification)}`,
      );
      return this.#unserved('wrong-profile');
    }
    this.ledger.readsServed++;
  }

  /** `customerProfiles` with 100 distinct refs (both identifiers, a couple of missing ones). */
  async batch(): Promise<void> {
    const readable = this.ledger.readable();
    const chosen = new Set<LedgerProfile>();
    const want = Math.min(BATCH_REFS - 2, readable.length);
    for (let guard = 0; chosen.size < want && guard < want * 20; guard++) chosen.add(this.#pick(readable));
    const items: (LedgerProfile | undefined)[] = [...chosen];
    items.splice(Math.floor(this.random() * items.length), 0, undefined);
    items.splice(Math.floor(this.random() * items.length), 0, undefined);
    const refs = items.map((p) => (p ? this.#ref(p) : { customerIdentification: `soak-missing-${this.options.runId}-${++this.#missing}` }));
    await this.#list('customerProfiles', DOCS.batch, { refs }, items);
  }

  /** `_entities` with 5–15 representations, as a federation router sends them. */
  async entities(): Promise<void> {
    const readable = this.ledger.readable();
    const n = 5 + Math.floor(this.random() * 11);
    const chosen = new Set<LedgerProfile>();
    for (let guard = 0; chosen.size < Math.min(n, readable.length) && guard < n * 20; guard++) chosen.add(this.#pick(readable));
    const items: (LedgerProfile | undefined)[] = [...chosen];
    if (this.random() < 0.3) items.push(undefined);
    const representations = items.map((p) =>
      p
        ? { __typename: 'CustomerProfile', ...this.#ref(p) }
        : { __typename: 'CustomerProfile', customerIdentification: `soak-missing-${this.options.runId}-${++this.#missing}` },
    );
    await this.#list('_entities', DOCS.entities, { representations }, items);
  }

  async #list(field: string, doc: string, variables: Record<string, unknown>, items: (LedgerProfile | undefined)[]): Promise<void> {
    for (const p of items) if (p) p.readers++;
    try {
      const label = `${operationName(doc)} (${items.length} refs)`;
      const outcome = await this.#send(doc, variables);
      this.ledger.readsAttempted += items.length;
      if (!this.#envelope(label, outcome)) return this.#unserved(outcome.kind === 'unanswered' ? 'unanswered' : 'bad-shape', items.length);
      const list = outcome.body.data?.[field] as unknown;
      if (!Array.isArray(list)) {
        const errors = Traffic.errorsAt(outcome.body.errors, field);
        if (errors.length === 0) this.ledger.violation('shape', `${label}: no list and no error`);
        return this.#unserved(errors[0]?.extensions.code ?? 'bad-shape', items.length);
      }
      if (list.length !== items.length) {
        this.ledger.violation('shape', `${label}: ${list.length} items for ${items.length} refs`);
        return this.#unserved('bad-shape', items.length);
      }
      items.forEach((p, i) => {
        // An error at the item (or inside it): that read was not served.
        const own = (outcome.body.errors ?? []).filter((e) => e.path?.[0] === field && e.path?.[1] === i);
        if (own.length > 0) return this.#unserved(own[0].extensions.code);
        this.#checkProfileItem(`${label}[${i}] ${p ? p.customerIdentification : 'missing'}`, p, list[i]);
      });
    } finally {
      for (const p of items) if (p) p.readers--;
    }
  }

  // --- confirmation ----------------------------------------------------------------------------

  /**
   * Reads a profile until the gateway answers without an availability error (bounded): the
   * profile, null, or undefined when every attempt failed.
   */
  async readBack(ref: Ref, withinMs: number): Promise<ReadProfile | null | undefined> {
    const deadline = Date.now() + withinMs;
    for (let attempt = 0; ; attempt++) {
      const byGuid = 'profileGuid' in ref;
      const doc = byGuid ? DOCS.readByGuid : DOCS.readByCustomerId;
      this.ledger.confirmationReads++;
      const outcome = await this.#send(doc, ref);
      const label = `confirming ${operationName(doc)} ${JSON.stringify(ref)}`;
      if (this.#envelope(label, outcome)) {
        const errors = outcome.body.errors ?? [];
        if (errors.length === 0) {
          const item = outcome.body.data?.customerProfile as ReadProfile | null | undefined;
          if (item !== undefined) return item;
          this.ledger.violation('shape', `${label}: the profile field is missing from data`);
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
  async #applied(query: WriteQuery, reported: Reported): Promise<AppliedWrite[]> {
    const unattributed = async () => (await this.control.writes(query)).writes.filter((w) => !this.ledger.attributedSeqs.has(w.seq));
    let mine = await unattributed();
    if (mine.length === 0 && reported.kind !== 'success') {
      await sleep(500);
      mine = await unattributed();
    }
    for (const w of mine) this.ledger.attributedSeqs.add(w.seq);
    return mine;
  }

  /** What the gateway reported for mutation field `field`. */
  #reported(label: string, field: string, outcome: GraphQLOutcome): Reported {
    if (!this.#envelope(label, outcome)) return outcome.kind === 'unanswered' ? { kind: 'unanswered' } : { kind: 'bad' };
    const payload = outcome.body.data?.[field] as Record<string, any> | null | undefined;
    if (payload !== null && payload !== undefined && typeof payload === 'object') return { kind: 'success', payload };
    const errors = Traffic.errorsAt(outcome.body.errors, field);
    if (errors.length === 0) {
      this.ledger.violation(payload === null ? 'silent-failure' : 'shape', `${label}: ${field} is ${String(payload)} without an error`);
      return { kind: 'bad' };
    }
    const first = errors.find((e) => (e.path ?? []).length === 1) ?? errors[0];
    return { kind: 'failed', code: first.extensions.code, message: first.message };
  }

  /**
   * Settles one mutation from what the gateway reported and what the sandbox applied; confirms a
   * success with a later read. Releases the profile unless the confirmation is deferred.
   */
  async #settle(args: {
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
      this.ledger.violation('applied-twice', `${label}: the sandbox applied it ${applied.length} times (seq ${applied.map((w) => w.seq).join(',')})`);
    let deferred = false;
    try {
      switch (reported.kind) {
        case 'unanswered':
        case 'bad':
          this.ledger.mutation(kind, reported.kind === 'unanswered' ? 'unanswered' : 'violation');
          return;
        case 'failed':
          if (applied.length === 0) {
            this.ledger.mutation(kind, 'reported-failed');
            return;
          }
          this.ledger.mutation(kind, 'outcome-unknown');
          if (reported.code !== 'UPSTREAM_UNAVAILABLE') {
            this.ledger.violation(
              'unknown-not-unavailable',
              `${label}: applied by the sandbox (answer ${applied[0].answer}) but reported as ${reported.code}: ${reported.message.slice(0, 160)}`,
            );
          }
          return;
        case 'success': {
          if (args.payloadProblem) this.ledger.violation('wrong-profile', `${label}: ${args.payloadProblem}`);
          if (applied.length === 0) {
            this.ledger.mutation(kind, 'violation');
            this.ledger.violation('unconfirmed', `${label}: reported success, but the sandbox's journal has no applied write`);
            return;
          }
          const profile = await this.readBack(args.ref, this.options.confirmWithinMs);
          if (profile === undefined) {
            deferred = true;
            this.deferred.push({ label, kind, ref: args.ref, check: args.check, release: args.release });
            return;
          }
          const problem = args.check(profile);
          if (problem) {
            this.ledger.mutation(kind, 'violation');
            this.ledger.violation('unconfirmed', `${label}: reported success, but a later read shows ${problem}`);
          } else {
            this.ledger.mutation(kind, 'confirmed');
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
        this.ledger.mutation(d.kind, 'violation');
        this.ledger.violation('unconfirmed', `${d.label}: reported success, but no read could confirm it (even with faults disarmed)`);
      } else {
        const problem = d.check(profile);
        this.ledger.mutation(d.kind, problem ? 'violation' : 'confirmed');
        if (problem) this.ledger.violation('unconfirmed', `${d.label}: reported success, but a later read shows ${problem}`);
      }
      d.release();
    }
  }

  // --- profile mutations -------------------------------------------------------------------

  async update(): Promise<void> {
    const candidates = this.ledger.writable();
    if (candidates.length === 0) return this.readOne(true);
    const p = this.#pick(candidates);
    p.lock = 'update';
    const n = ++this.#updates;
    const company = `soak ${this.options.runId} u${n}`;
    const customerData: Record<string, unknown> = { company };
    const extraData = this.random() < 0.3 ? { soakUpdate: String(n) } : undefined;
    if (extraData) customerData.extraData = extraData;
    if (this.random() < 0.3) customerData.billingCity = `Soak City ${n % 97}`;
    const attached = p.instruments.filter((i) => i.attached);
    const preferred = attached.length > 0 && this.random() < 0.3 ? this.#pick(attached).paymentToken : undefined;
    const ref = this.#ref(p);
    const input: Record<string, unknown> = { ...ref, customerData };
    if (preferred) input.preferredInstrument = preferred;
    const label = `updateCustomerProfile ${JSON.stringify(ref)} #${n}`;
    const outcome = await this.#send(DOCS.update, { input });
    const reported = this.#reported(label, 'updateCustomerProfile', outcome);
    const applied = await this.#applied({ operation: 'updateProfile', profileGuid: p.profileGuid }, reported);
    let payloadProblem: string | undefined;
    if (reported.kind === 'success') {
      const got = reported.payload.profile as { profileGuid?: string; customer?: { company?: string } } | undefined;
      if (got?.profileGuid !== p.profileGuid || got?.customer?.company !== company) {
        payloadProblem = `payload shows ${String(got?.profileGuid)} company ${JSON.stringify(got?.customer?.company)}`;
      }
    }
    await this.#settle({
      kind: 'update',
      label,
      reported,
      applied,
      ref,
      payloadProblem,
      release: () => {
        p.lock = null;
      },
      check: (profile) => {
        if (profile === null) return 'the profile is gone';
        if (profile.customer?.company !== company)
          return `company ${JSON.stringify(profile.customer?.company)} instead of ${JSON.stringify(company)}`;
        if (extraData && profile.customer?.extraData?.soakUpdate !== extraData.soakUpdate)
          return `extraData ${JSON.stringify(profile.customer?.extraData)}`;
        if (preferred && profile.preferredInstrument?.paymentToken !== preferred)
          return `preferred ${String(profile.preferredInstrument?.paymentToken)} instead of ${preferred}`;
        return undefined;
      },
    });
  }

  async delete(): Promise<void> {
    const candidates = this.#deletable();
    if (candidates.length === 0) return this.readOne(false);
    const p = this.#pick(candidates);
    p.lock = 'delete';
    const ref = this.#ref(p);
    const label = `deleteCustomerProfile ${JSON.stringify(ref)}`;
    const outcome = await this.#send(DOCS.delete, { input: ref });
    const reported = this.#reported(label, 'deleteCustomerProfile', outcome);
    let payloadProblem: string | undefined;
    if (reported.kind === 'success') {
      if (reported.payload.success !== true) {
        this.ledger.violation('silent-failure', `${label}: success ${String(reported.payload.success)} without an error`);
      }
      if (reported.payload.profileGuid != null && reported.payload.profileGuid !== p.profileGuid)
        payloadProblem = `payload names ${String(reported.payload.profileGuid)}`;
    }
    const applied = await this.#applied({ operation: 'deleteProfile', profileGuid: p.profileGuid }, reported);
    if (applied.length > 0) p.state = 'gone';
    await this.#settle({
      kind: 'delete',
      label,
      reported,
      applied,
      ref,
      payloadProblem,
      release: () => {
        p.lock = null;
      },
      check: (profile) => (profile === null ? undefined : `the profile still exists`),
    });
  }

  // --- creation and instruments ------------------------------------------------------------

  async create(): Promise<void> {
    const n = ++this.#creates;
    const customerIdentification = `soak-${this.options.runId}-${n}`;
    if (!this.options.mutations.has('registerPaymentInstrument')) return this.#createDirectly(customerIdentification, n);
    await this.#register({ customerIdentification }, undefined, n);
  }

  /** A register sent to the sandbox directly (no faults are armed on register then). */
  async #createDirectly(customerIdentification: string, n: number): Promise<void> {
    const merchantTransactionId = `soak-direct-${this.options.runId}-${n}`;
    try {
      const result = await this.options.direct.register({
        merchantTransactionId,
        transactionToken: this.#pick(FINISHING_TOKENS),
        customer: { firstName: 'Soak', lastName: `Direct ${n}`, email: `soak${n}@example.com`, billingCountry: 'AT' },
        customerProfileData: { customerIdentification, markAsPreferred: true },
      });
      const data = result.customerProfileData;
      if (!data) throw new Error(`register ${merchantTransactionId} answered ${result.returnType} without customerProfileData`);
      this.ledger.profilesCreatedDirectly++;
      this.ledger.addProfile({
        profileGuid: data.profileGuid,
        customerIdentification,
        origin: 'created',
        instruments: [{ transactionUuid: result.uuid, paymentToken: data.paymentToken, attached: true }],
      });
    } catch (error) {
      // Not gateway traffic: a setup hiccup, noted but not a rule of the gateway.
      process.stderr.write(`soak: direct register ${merchantTransactionId} failed: ${(error as Error).message}\n`);
    }
  }

  /** Another instrument on a profile the soak created. */
  async registerMore(): Promise<void> {
    const candidates = this.ledger.writable((p) => p.origin === 'created');
    if (candidates.length === 0) return this.readOne(true);
    const p = this.#pick(candidates);
    p.lock = 'register';
    await this.#register(this.#ref(p), p, ++this.#creates);
  }

  /** registerPaymentInstrument, for a new profile (`existing` undefined) or an existing one. */
  async #register(ref: Ref, existing: LedgerProfile | undefined, n: number): Promise<void> {
    const merchantTransactionId = `soak-${this.options.runId}-r${++this.#registers}`;
    const markAsPreferred = this.random() < 0.5;
    const input = {
      ...ref,
      transactionToken: this.#pick(FINISHING_TOKENS),
      markAsPreferred,
      merchantTransactionId,
      customerData: existing ? undefined : { firstName: 'Soak', lastName: `Run ${n}`, email: `soak${n}@example.com`, billingCountry: 'AT' },
    };
    const withProfile = this.random() < 0.5;
    const label = `registerPaymentInstrument ${JSON.stringify(ref)} ${merchantTransactionId}`;
    const outcome = await this.#send(withProfile ? DOCS.registerWithProfile : DOCS.register, { input });
    const reported = this.#reported(label, 'registerPaymentInstrument', outcome);
    const applied = await this.#applied({ operation: 'register', merchantTransactionId }, reported);
    const entry = applied[0];
    let profile = existing;
    let instrument: LedgerInstrument | undefined;
    if (entry) {
      if (!entry.profileGuid || !entry.paymentToken || !entry.transactionUuid) {
        this.ledger.violation('journal', `${label}: journal entry without profile or token: ${JSON.stringify(entry)}`);
      } else {
        instrument = { transactionUuid: entry.transactionUuid, paymentToken: entry.paymentToken, attached: true };
        profile ??= this.ledger.addProfile({
          profileGuid: entry.profileGuid,
          customerIdentification: (ref as { customerIdentification: string }).customerIdentification,
          origin: 'created',
          lock: 'register',
        });
        profile.instruments.push(instrument);
      }
    }
    let payloadProblem: string | undefined;
    if (reported.kind === 'success') {
      const payload = reported.payload;
      if (payload.status !== 'FINISHED') payloadProblem = `status ${String(payload.status)} for a finishing token`;
      else if (payload.merchantTransactionId !== merchantTransactionId)
        payloadProblem = `merchantTransactionId ${String(payload.merchantTransactionId)}`;
      else if (entry && payload.transactionUuid !== entry.transactionUuid)
        payloadProblem = `transactionUuid ${String(payload.transactionUuid)} instead of ${entry.transactionUuid}`;
      else if (withProfile && entry && payload.paymentInstrument && payload.paymentInstrument.paymentToken !== entry.paymentToken) {
        payloadProblem = `paymentInstrument ${String(payload.paymentInstrument.paymentToken)} instead of ${entry.paymentToken}`;
      } else if (withProfile && entry && payload.profile && payload.profile.profileGuid !== entry.profileGuid) {
        payloadProblem = `profile ${String(payload.profile.profileGuid)} instead of ${entry.profileGuid}`;
      }
    }
    const held = profile;
    await this.#settle({
      kind: 'register',
      label,
      reported,
      applied,
      ref: held ? { profileGuid: held.profileGuid } : ref,
      payloadProblem,
      release: () => {
        if (held) held.lock = null;
      },
      check: (read) => {
        if (read === null) return 'no profile';
        if (instrument && !read.paymentInstruments.some((i) => i.paymentToken === instrument.paymentToken))
          return `no instrument ${instrument.paymentToken}`;
        if (instrument && markAsPreferred && read.preferredInstrument?.paymentToken !== instrument.paymentToken) {
          return `preferred ${String(read.preferredInstrument?.paymentToken)} instead of the new ${instrument.paymentToken} (markAsPreferred)`;
        }
        return undefined;
      },
    });
  }

  /** removePaymentInstrument (deregister) of one of the soak's attached instruments. */
  async remove(): Promise<void> {
    const candidates = this.ledger.writable((p) => p.origin === 'created' && p.instruments.some((i) => i.attached));
    if (candidates.length === 0) return this.readOne(true);
    const p = this.#pick(candidates);
    p.lock = 'remove';
    const instrument = this.#pick(p.instruments.filter((i) => i.attached));
    const ref = this.#ref(p);
    const label = `removePaymentInstrument ${JSON.stringify(ref)} ${instrument.paymentToken}`;
    const withProfile = this.random() < 0.5;
    const outcome = await this.#send(withProfile ? DOCS.removeWithProfile : DOCS.remove, {
      input: { ...ref, paymentToken: instrument.paymentToken },
    });
    const reported = this.#reported(label, 'removePaymentInstrument', outcome);
    const applied = await this.#applied({ operation: 'deregister', paymentToken: instrument.paymentToken }, reported);
    if (applied.length > 0) p.instruments = p.instruments.filter((i) => i !== instrument);
    let payloadProblem: string | undefined;
    if (reported.kind === 'success' && reported.payload.removedPaymentToken !== instrument.paymentToken) {
      payloadProblem = `removedPaymentToken ${String(reported.payload.removedPaymentToken)}`;
    }
    await this.#settle({
      kind: 'remove',
      label,
      reported,
      applied,
      ref,
      payloadProblem,
      release: () => {
        p.lock = null;
      },
      check: (read) =>
        read === null
          ? 'the profile is gone'
          : read.paymentInstruments.some((i) => i.paymentToken === instrument.paymentToken)
            ? 'the instrument still there'
            : undefined,
    });
  }

  async detach(): Promise<void> {
    const candidates = this.ledger.writable((p) => p.origin === 'created' && p.instruments.some((i) => i.attached));
    if (candidates.length === 0) return this.readOne(true);
    const p = this.#pick(candidates);
    p.lock = 'detach';
    const instrument = this.#pick(p.instruments.filter((i) => i.attached));
    const ref = this.#ref(p);
    const label = `detachPaymentInstrument ${JSON.stringify(ref)} ${instrument.transactionUuid}`;
    const outcome = await this.#send(DOCS.detach, { input: { ...ref, transactionUuid: instrument.transactionUuid } });
    const reported = this.#reported(label, 'detachPaymentInstrument', outcome);
    const applied = await this.#applied({ operation: 'detachPaymentInstrument', transactionUuid: instrument.transactionUuid }, reported);
    if (applied.length > 0) instrument.attached = false;
    await this.#settle({
      kind: 'detach',
      label,
      reported,
      applied,
      ref,
      payloadProblem:
        reported.kind === 'success' && reported.payload.profile?.profileGuid !== p.profileGuid
          ? `profile ${String(reported.payload.profile?.profileGuid)}`
          : undefined,
      release: () => {
        p.lock = null;
      },
      check: (read) =>
        read === null
          ? 'the profile is gone'
          : read.paymentInstruments.some((i) => i.paymentToken === instrument.paymentToken)
            ? 'the instrument still attached'
            : undefined,
    });
  }

  async attach(): Promise<void> {
    const candidates = this.ledger.writable((p) => p.origin === 'created' && p.instruments.some((i) => !i.attached));
    if (candidates.length === 0) return this.readOne(true);
    const p = this.#pick(candidates);
    p.lock = 'attach';
    const instrument = this.#pick(p.instruments.filter((i) => !i.attached));
    const ref = this.#ref(p);
    const label = `attachPaymentInstrument ${JSON.stringify(ref)} ${instrument.transactionUuid}`;
    const withProfile = this.random() < 0.5;
    const outcome = await this.#send(withProfile ? DOCS.attachWithProfile : DOCS.attach, {
      input: { ...ref, transactionUuid: instrument.transactionUuid },
    });
    const reported = this.#reported(label, 'attachPaymentInstrument', outcome);
    const applied = await this.#applied({ operation: 'attachPaymentInstrument', transactionUuid: instrument.transactionUuid }, reported);
    if (applied.length > 0) instrument.attached = true;
    let payloadProblem: string | undefined;
    if (reported.kind === 'success' && reported.payload.paymentToken !== instrument.paymentToken)
      payloadProblem = `paymentToken ${String(reported.payload.paymentToken)}`;
    await this.#settle({
      kind: 'attach',
      label,
      reported,
      applied,
      ref,
      payloadProblem,
      release: () => {
        p.lock = null;
      },
      check: (read) =>
        read === null
          ? 'the profile is gone'
          : read.paymentInstruments.some((i) => i.paymentToken === instrument.paymentToken)
            ? undefined
            : 'the instrument not attached',
    });
  }
}
