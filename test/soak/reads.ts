/**
 * The soak's reads, each checked and counted as served or not: one profile by either identifier,
 * an identifier no profile has (must be null), 100-ref `customerProfiles` batches and `_entities`.
 */
import { DOCS, operationName } from './documents';
import type { LedgerProfile } from './ledger';
import { errorsAt, type TrafficContext } from './traffic-context';

const BATCH_REFS = 100;

export class Reads {
  #missing = 0;

  constructor(private readonly ctx: TrafficContext) {}

  async readOne(byGuid: boolean): Promise<void> {
    const p = this.ctx.pick(this.ctx.ledger.readable());
    p.readers++;
    try {
      const doc = byGuid ? DOCS.readByGuid : DOCS.readByCustomerId;
      const label = `${operationName(doc)} ${byGuid ? p.profileGuid : p.customerIdentification}`;
      const outcome = await this.ctx.send(doc, this.ctx.ref(p, byGuid));
      this.ctx.ledger.readsAttempted++;
      if (!this.ctx.envelope(label, outcome)) return this.ctx.unserved(outcome.kind === 'unanswered' ? 'unanswered' : 'bad-shape');
      const errors = outcome.body.errors ?? [];
      if (errors.length > 0) return this.ctx.unserved(errors[0].extensions.code);
      this.#checkProfileItem(label, p, outcome.body.data?.customerProfile);
    } finally {
      p.readers--;
    }
  }

  /** A read of an identifier no profile has: null, no error. */
  async readMissing(): Promise<void> {
    const customerIdentification = `soak-missing-${this.ctx.options.runId}-${++this.#missing}`;
    const label = `SoakReadByCustomerId ${customerIdentification} (missing)`;
    const outcome = await this.ctx.send(DOCS.readByCustomerId, { customerIdentification });
    this.ctx.ledger.readsAttempted++;
    if (!this.ctx.envelope(label, outcome)) return this.ctx.unserved(outcome.kind === 'unanswered' ? 'unanswered' : 'bad-shape');
    const errors = outcome.body.errors ?? [];
    if (errors.length > 0) return this.ctx.unserved(errors[0].extensions.code);
    const item = outcome.body.data?.customerProfile;
    if (item === null) this.ctx.ledger.readsServed++;
    else this.ctx.ledger.violation('wrong-profile', `${label}: expected null, got ${JSON.stringify(item).slice(0, 160)}`);
  }

  /** One profile in a read's answer: the right one, never null while it exists. Counts it served. */
  #checkProfileItem(label: string, p: LedgerProfile | undefined, item: unknown): void {
    if (item === undefined) {
      this.ctx.ledger.violation('shape', `${label}: the profile field is missing from data`);
      return this.ctx.unserved('bad-shape');
    }
    if (p === undefined) {
      // A missing profile: null is right.
      if (item === null) this.ctx.ledger.readsServed++;
      else this.ctx.ledger.violation('wrong-profile', `${label}: expected null for a missing profile, got ${JSON.stringify(item).slice(0, 160)}`);
      return;
    }
    if (item === null) {
      this.ctx.ledger.violation('null-existing', `${label}: existing profile ${p.profileGuid} (${p.customerIdentification}) read back as null`);
      return this.ctx.unserved('null-existing');
    }
    const got = item as { profileGuid?: unknown; customerIdentification?: unknown };
    if (got.profileGuid !== p.profileGuid || got.customerIdentification !== p.customerIdentification) {
      this.ctx.ledger.violation(
        'wrong-profile',
        `${label}: asked for ${p.profileGuid}/${p.customerIdentification}, got ${String(got.profileGuid)}/${String(got.customerIdentification)}`,
      );
      return this.ctx.unserved('wrong-profile');
    }
    this.ctx.ledger.readsServed++;
  }

  /** `customerProfiles` with 100 distinct refs (both identifiers, a couple of missing ones). */
  async batch(): Promise<void> {
    const readable = this.ctx.ledger.readable();
    const chosen = new Set<LedgerProfile>();
    const want = Math.min(BATCH_REFS - 2, readable.length);
    for (let guard = 0; chosen.size < want && guard < want * 20; guard++) chosen.add(this.ctx.pick(readable));
    const items: (LedgerProfile | undefined)[] = [...chosen];
    items.splice(Math.floor(this.ctx.random() * items.length), 0, undefined);
    items.splice(Math.floor(this.ctx.random() * items.length), 0, undefined);
    const refs = items.map((p) => (p ? this.ctx.ref(p) : { customerIdentification: `soak-missing-${this.ctx.options.runId}-${++this.#missing}` }));
    await this.#list('customerProfiles', DOCS.batch, { refs }, items);
  }

  /** `_entities` with 5–15 representations, as a federation router sends them. */
  async entities(): Promise<void> {
    const readable = this.ctx.ledger.readable();
    const n = 5 + Math.floor(this.ctx.random() * 11);
    const chosen = new Set<LedgerProfile>();
    for (let guard = 0; chosen.size < Math.min(n, readable.length) && guard < n * 20; guard++) chosen.add(this.ctx.pick(readable));
    const items: (LedgerProfile | undefined)[] = [...chosen];
    if (this.ctx.random() < 0.3) items.push(undefined);
    const representations = items.map((p) =>
      p
        ? { __typename: 'CustomerProfile', ...this.ctx.ref(p) }
        : { __typename: 'CustomerProfile', customerIdentification: `soak-missing-${this.ctx.options.runId}-${++this.#missing}` },
    );
    await this.#list('_entities', DOCS.entities, { representations }, items);
  }

  async #list(field: string, doc: string, variables: Record<string, unknown>, items: (LedgerProfile | undefined)[]): Promise<void> {
    for (const p of items) if (p) p.readers++;
    try {
      const label = `${operationName(doc)} (${items.length} refs)`;
      const outcome = await this.ctx.send(doc, variables);
      this.ctx.ledger.readsAttempted += items.length;
      if (!this.ctx.envelope(label, outcome)) return this.ctx.unserved(outcome.kind === 'unanswered' ? 'unanswered' : 'bad-shape', items.length);
      const list = outcome.body.data?.[field] as unknown;
      if (!Array.isArray(list)) {
        const errors = errorsAt(outcome.body.errors, field);
        if (errors.length === 0) this.ctx.ledger.violation('shape', `${label}: no list and no error`);
        return this.ctx.unserved(errors[0]?.extensions.code ?? 'bad-shape', items.length);
      }
      if (list.length !== items.length) {
        this.ctx.ledger.violation('shape', `${label}: ${list.length} items for ${items.length} refs`);
        return this.ctx.unserved('bad-shape', items.length);
      }
      items.forEach((p, i) => {
        // An error at the item (or inside it): that read was not served.
        const own = (outcome.body.errors ?? []).filter((e) => e.path?.[0] === field && e.path?.[1] === i);
        if (own.length > 0) return this.ctx.unserved(own[0].extensions.code);
        this.#checkProfileItem(`${label}[${i}] ${p ? p.customerIdentification : 'missing'}`, p, list[i]);
      });
    } finally {
      for (const p of items) if (p) p.readers--;
    }
  }
}
