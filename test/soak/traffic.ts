/**
 * The soak's traffic: operations against the gateway chosen at random by weight, each checked and
 * written to the ledger — reads by either identifier (and of a missing profile), 100-ref
 * `customerProfiles` batches, `_entities`, profile updates and deletes, and — when the gateway's
 * schema has them — the instrument mutations (register, remove, attach, detach). Without
 * registerPaymentInstrument, the profiles to delete are created with a register sent to the
 * sandbox directly. How a mutation's fate is decided: settlement.ts.
 */
import type { GraphQLClient } from './graphql-client';
import type { Ledger } from './ledger';
import { InstrumentMutations } from './instrument-mutations';
import type { InstrumentMutation } from './mutation-detection';
import { ProfileMutations } from './profile-mutations';
import { Reads } from './reads';
import type { SandboxControl } from './sandbox-control';
import { Settlement } from './settlement';
import { TrafficContext, type TrafficOptions } from './traffic-context';

export class Traffic {
  readonly #ctx: TrafficContext;
  readonly #reads: Reads;
  readonly #settlement: Settlement;
  readonly #profiles: ProfileMutations;
  readonly #instruments: InstrumentMutations;

  constructor(ledger: Ledger, gql: GraphQLClient, control: SandboxControl, random: () => number, options: TrafficOptions) {
    this.#ctx = new TrafficContext(ledger, gql, control, random, options);
    this.#reads = new Reads(this.#ctx);
    this.#settlement = new Settlement(this.#ctx);
    this.#profiles = new ProfileMutations(this.#ctx, this.#settlement, this.#reads);
    this.#instruments = new InstrumentMutations(this.#ctx, this.#settlement, this.#reads);
  }

  /** Runs one randomly chosen operation (falls back to a read when the choice has no target). */
  async step(): Promise<void> {
    const op = this.#choose();
    switch (op) {
      case 'readByGuid':
      case 'readByCustomerId':
        return this.#reads.readOne(op === 'readByGuid');
      case 'readMissing':
        return this.#reads.readMissing();
      case 'batch':
        return this.#reads.batch();
      case 'entities':
        return this.#reads.entities();
      case 'update':
        return this.#profiles.update();
      case 'delete':
        return this.#profiles.delete();
      case 'create':
        return this.#instruments.create();
      case 'registerMore':
        return this.#instruments.registerMore();
      case 'remove':
        return this.#instruments.remove();
      case 'detach':
        return this.#instruments.detach();
      case 'attach':
        return this.#instruments.attach();
    }
  }

  /** At the end, with faults disarmed: the confirmations that could not be read before. */
  settleDeferred(): Promise<void> {
    return this.#settlement.settleDeferred();
  }

  #choose(): OpName {
    const total = Object.values(WEIGHTS).reduce((a, b) => a + b, 0);
    let r = this.#ctx.random() * total;
    let chosen: OpName = 'readByGuid';
    for (const [name, weight] of Object.entries(WEIGHTS) as [OpName, number][]) {
      r -= weight;
      if (r < 0) {
        chosen = name;
        break;
      }
    }
    return this.#possible(chosen) ? chosen : this.#ctx.random() < 0.5 ? 'readByGuid' : 'readByCustomerId';
  }

  #possible(op: OpName): boolean {
    const has = (m: InstrumentMutation) => this.#ctx.options.mutations.has(m);
    switch (op) {
      case 'create':
        return this.#ctx.ledger.liveCreated() < MAX_CREATED;
      case 'delete':
        return this.#ctx.ledger.liveCreated() > MIN_CREATED && this.#profiles.deletable().length > 0;
      case 'registerMore':
        return has('registerPaymentInstrument') && this.#ctx.ledger.writable((p) => p.origin === 'created').length > 0;
      case 'remove':
        return (
          has('removePaymentInstrument') &&
          this.#ctx.ledger.writable((p) => p.origin === 'created' && p.instruments.some((i) => i.attached)).length > 0
        );
      case 'detach':
        return (
          has('detachPaymentInstrument') &&
          this.#ctx.ledger.writable((p) => p.origin === 'created' && p.instruments.some((i) => i.attached)).length > 0
        );
      case 'attach':
        return (
          has('attachPaymentInstrument') &&
          this.#ctx.ledger.writable((p) => p.origin === 'created' && p.instruments.some((i) => !i.attached)).length > 0
        );
      default:
        return true;
    }
  }
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
