/** The soak's profile mutations: `updateCustomerProfile` and `deleteCustomerProfile`, each settled and confirmed. */
import { DOCS } from './documents';
import type { LedgerProfile } from './ledger';
import type { Reads } from './reads';
import type { Settlement } from './settlement';
import type { TrafficContext } from './traffic-context';

export class ProfileMutations {
  #updates = 0;

  constructor(
    private readonly ctx: TrafficContext,
    private readonly settlement: Settlement,
    private readonly reads: Reads,
  ) {}

  async update(): Promise<void> {
    const candidates = this.ctx.ledger.writable();
    if (candidates.length === 0) return this.reads.readOne(true);
    const p = this.ctx.pick(candidates);
    p.lock = 'update';
    const n = ++this.#updates;
    const company = `soak ${this.ctx.options.runId} u${n}`;
    const customerData: Record<string, unknown> = { company };
    const extraData = this.ctx.random() < 0.3 ? { soakUpdate: String(n) } : undefined;
    if (extraData) customerData.extraData = extraData;
    if (this.ctx.random() < 0.3) customerData.billingCity = `Soak City ${n % 97}`;
    const attached = p.instruments.filter((i) => i.attached);
    const preferred = attached.length > 0 && this.ctx.random() < 0.3 ? this.ctx.pick(attached).paymentToken : undefined;
    const ref = this.ctx.ref(p);
    const input: Record<string, unknown> = { ...ref, customerData };
    if (preferred) input.preferredInstrument = preferred;
    const label = `updateCustomerProfile ${JSON.stringify(ref)} #${n}`;
    const outcome = await this.ctx.send(DOCS.update, { input });
    const reported = this.settlement.reported(label, 'updateCustomerProfile', outcome);
    const applied = await this.settlement.applied({ operation: 'updateProfile', profileGuid: p.profileGuid }, reported);
    let payloadProblem: string | undefined;
    if (reported.kind === 'success') {
      const got = reported.payload.profile as { profileGuid?: string; customer?: { company?: string } } | undefined;
      if (got?.profileGuid !== p.profileGuid || got?.customer?.company !== company) {
        payloadProblem = `payload shows ${String(got?.profileGuid)} company ${JSON.stringify(got?.customer?.company)}`;
      }
    }
    await this.settlement.settle({
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
    const candidates = this.deletable();
    if (candidates.length === 0) return this.reads.readOne(false);
    const p = this.ctx.pick(candidates);
    p.lock = 'delete';
    const ref = this.ctx.ref(p);
    const label = `deleteCustomerProfile ${JSON.stringify(ref)}`;
    const outcome = await this.ctx.send(DOCS.delete, { input: ref });
    const reported = this.settlement.reported(label, 'deleteCustomerProfile', outcome);
    let payloadProblem: string | undefined;
    if (reported.kind === 'success') {
      if (reported.payload.success !== true) {
        this.ctx.ledger.violation('silent-failure', `${label}: success ${String(reported.payload.success)} without an error`);
      }
      if (reported.payload.profileGuid != null && reported.payload.profileGuid !== p.profileGuid)
        payloadProblem = `payload names ${String(reported.payload.profileGuid)}`;
    }
    const applied = await this.settlement.applied({ operation: 'deleteProfile', profileGuid: p.profileGuid }, reported);
    if (applied.length > 0) p.state = 'gone';
    await this.settlement.settle({
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

  /** Profiles the soak created that are live, unlocked and not being read: the ones a delete may take. */
  deletable(): LedgerProfile[] {
    return this.ctx.ledger.writable((p) => p.origin === 'created' && p.readers === 0);
  }
}
