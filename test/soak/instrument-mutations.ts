/**
 * The soak's instrument mutations, each settled and confirmed: registerPaymentInstrument (new
 * profiles, and more instruments on the soak's own), removePaymentInstrument,
 * detachPaymentInstrument and attachPaymentInstrument. Without registerPaymentInstrument the
 * profiles to delete are created with a register sent to the sandbox directly.
 */
import { DOCS } from './documents';
import type { LedgerInstrument, LedgerProfile } from './ledger';
import type { Reads } from './reads';
import type { Settlement } from './settlement';
import type { Ref, TrafficContext } from './traffic-context';

/** Register tokens that finish at once (sandbox README, test tokens). */
const FINISHING_TOKENS = ['tok_visa', 'tok_mastercard', 'tok_amex', 'tok_iban_at', 'tok_paypal'];

export class InstrumentMutations {
  #creates = 0;
  #registers = 0;

  constructor(
    private readonly ctx: TrafficContext,
    private readonly settlement: Settlement,
    private readonly reads: Reads,
  ) {}

  async create(): Promise<void> {
    const n = ++this.#creates;
    const customerIdentification = `soak-${this.ctx.options.runId}-${n}`;
    if (!this.ctx.options.mutations.has('registerPaymentInstrument')) return this.#createDirectly(customerIdentification, n);
    await this.#register({ customerIdentification }, undefined, n);
  }

  /** A register sent to the sandbox directly (no faults are armed on register then). */
  async #createDirectly(customerIdentification: string, n: number): Promise<void> {
    const merchantTransactionId = `soak-direct-${this.ctx.options.runId}-${n}`;
    try {
      const result = await this.ctx.options.direct.register({
        merchantTransactionId,
        transactionToken: this.ctx.pick(FINISHING_TOKENS),
        customer: { firstName: 'Soak', lastName: `Direct ${n}`, email: `soak${n}@example.com`, billingCountry: 'AT' },
        customerProfileData: { customerIdentification, markAsPreferred: true },
      });
      const data = result.customerProfileData;
      if (!data) throw new Error(`register ${merchantTransactionId} answered ${result.returnType} without customerProfileData`);
      this.ctx.ledger.profilesCreatedDirectly++;
      this.ctx.ledger.addProfile({
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
    const candidates = this.ctx.ledger.writable((p) => p.origin === 'created');
    if (candidates.length === 0) return this.reads.readOne(true);
    const p = this.ctx.pick(candidates);
    p.lock = 'register';
    await this.#register(this.ctx.ref(p), p, ++this.#creates);
  }

  /** registerPaymentInstrument, for a new profile (`existing` undefined) or an existing one. */
  async #register(ref: Ref, existing: LedgerProfile | undefined, n: number): Promise<void> {
    const merchantTransactionId = `soak-${this.ctx.options.runId}-r${++this.#registers}`;
    const markAsPreferred = this.ctx.random() < 0.5;
    const input = {
      ...ref,
      transactionToken: this.ctx.pick(FINISHING_TOKENS),
      markAsPreferred,
      merchantTransactionId,
      customerData: existing ? undefined : { firstName: 'Soak', lastName: `Run ${n}`, email: `soak${n}@example.com`, billingCountry: 'AT' },
    };
    const withProfile = this.ctx.random() < 0.5;
    const label = `registerPaymentInstrument ${JSON.stringify(ref)} ${merchantTransactionId}`;
    const outcome = await this.ctx.send(withProfile ? DOCS.registerWithProfile : DOCS.register, { input });
    const reported = this.settlement.reported(label, 'registerPaymentInstrument', outcome);
    const applied = await this.settlement.applied({ operation: 'register', merchantTransactionId }, reported);
    const entry = applied[0];
    let profile = existing;
    let instrument: LedgerInstrument | undefined;
    if (entry) {
      if (!entry.profileGuid || !entry.paymentToken || !entry.transactionUuid) {
        this.ctx.ledger.violation('journal', `${label}: journal entry without profile or token: ${JSON.stringify(entry)}`);
      } else {
        instrument = { transactionUuid: entry.transactionUuid, paymentToken: entry.paymentToken, attached: true };
        profile ??= this.ctx.ledger.addProfile({
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
    await this.settlement.settle({
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
    const candidates = this.ctx.ledger.writable((p) => p.origin === 'created' && p.instruments.some((i) => i.attached));
    if (candidates.length === 0) return this.reads.readOne(true);
    const p = this.ctx.pick(candidates);
    p.lock = 'remove';
    const instrument = this.ctx.pick(p.instruments.filter((i) => i.attached));
    const ref = this.ctx.ref(p);
    const label = `removePaymentInstrument ${JSON.stringify(ref)} ${instrument.paymentToken}`;
    const withProfile = this.ctx.random() < 0.5;
    const outcome = await this.ctx.send(withProfile ? DOCS.removeWithProfile : DOCS.remove, {
      input: { ...ref, paymentToken: instrument.paymentToken },
    });
    const reported = this.settlement.reported(label, 'removePaymentInstrument', outcome);
    const applied = await this.settlement.applied({ operation: 'deregister', paymentToken: instrument.paymentToken }, reported);
    if (applied.length > 0) p.instruments = p.instruments.filter((i) => i !== instrument);
    let payloadProblem: string | undefined;
    if (reported.kind === 'success' && reported.payload.removedPaymentToken !== instrument.paymentToken) {
      payloadProblem = `removedPaymentToken ${String(reported.payload.removedPaymentToken)}`;
    }
    await this.settlement.settle({
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
    const candidates = this.ctx.ledger.writable((p) => p.origin === 'created' && p.instruments.some((i) => i.attached));
    if (candidates.length === 0) return this.reads.readOne(true);
    const p = this.ctx.pick(candidates);
    p.lock = 'detach';
    const instrument = this.ctx.pick(p.instruments.filter((i) => i.attached));
    const ref = this.ctx.ref(p);
    const label = `detachPaymentInstrument ${JSON.stringify(ref)} ${instrument.transactionUuid}`;
    const outcome = await this.ctx.send(DOCS.detach, { input: { ...ref, transactionUuid: instrument.transactionUuid } });
    const reported = this.settlement.reported(label, 'detachPaymentInstrument', outcome);
    const applied = await this.settlement.applied({ operation: 'detachPaymentInstrument', transactionUuid: instrument.transactionUuid }, reported);
    if (applied.length > 0) instrument.attached = false;
    await this.settlement.settle({
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
    const candidates = this.ctx.ledger.writable((p) => p.origin === 'created' && p.instruments.some((i) => !i.attached));
    if (candidates.length === 0) return this.reads.readOne(true);
    const p = this.ctx.pick(candidates);
    p.lock = 'attach';
    const instrument = this.ctx.pick(p.instruments.filter((i) => !i.attached));
    const ref = this.ctx.ref(p);
    const label = `attachPaymentInstrument ${JSON.stringify(ref)} ${instrument.transactionUuid}`;
    const withProfile = this.ctx.random() < 0.5;
    const outcome = await this.ctx.send(withProfile ? DOCS.attachWithProfile : DOCS.attach, {
      input: { ...ref, transactionUuid: instrument.transactionUuid },
    });
    const reported = this.settlement.reported(label, 'attachPaymentInstrument', outcome);
    const applied = await this.settlement.applied({ operation: 'attachPaymentInstrument', transactionUuid: instrument.transactionUuid }, reported);
    if (applied.length > 0) instrument.attached = true;
    let payloadProblem: string | undefined;
    if (reported.kind === 'success' && reported.payload.paymentToken !== instrument.paymentToken)
      payloadProblem = `paymentToken ${String(reported.payload.paymentToken)}`;
    await this.settlement.settle({
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
