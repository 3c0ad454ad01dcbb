/**
 * The in-memory store: profiles, instruments, register transactions (also the asynchronous and
 * declined ones), with the indexes every request needs (by guid, by customerIdentification, by
 * paymentToken, by uuid) so each lookup is one Map access. It enforces the data invariants
 * (unique customerIdentification, at most one preferred instrument, an instrument on at most one
 * profile); request semantics live in operations/*.
 */
import { newProfileGuid } from './ids';
import {
  emptyCustomer,
  type CustomerPatch,
  type SandboxCustomer,
  type SandboxInstrument,
  type SandboxProfile,
  type SandboxRegistration,
  type SandboxTransaction,
} from './model';

/** Addresses one profile. */
export type ProfileLookup = { profileGuid: string } | { customerIdentification: string };

/** The whole store as plain JSON (persistence format, version 1). */
export interface StoreSnapshot {
  version: 1;
  profiles: SandboxProfile[];
  instruments: SandboxInstrument[];
  registrations: SandboxRegistration[];
  /** Asynchronous and declined registers; absent in files written before they existed. */
  transactions?: SandboxTransaction[];
}

export class SandboxStore {
  private readonly profiles = new Map<string, SandboxProfile>();
  private readonly guidByIdentification = new Map<string, string>();
  private readonly instruments = new Map<string, SandboxInstrument>();
  private readonly registrations = new Map<string, SandboxRegistration>();
  private readonly registrationUuidByToken = new Map<string, string>();
  private readonly transactions = new Map<string, SandboxTransaction>();

  /** Number of profiles. */
  get profileCount(): number {
    return this.profiles.size;
  }

  /** The profile addressed by guid or customerIdentification, if it exists. */
  findProfile(ref: ProfileLookup): SandboxProfile | undefined {
    if ('profileGuid' in ref) return this.profiles.get(ref.profileGuid);
    const guid = this.guidByIdentification.get(ref.customerIdentification);
    return guid === undefined ? undefined : this.profiles.get(guid);
  }

  /** All profiles in insertion order. */
  allProfiles(): IterableIterator<SandboxProfile> {
    return this.profiles.values();
  }

  /** The profile's attached instruments, oldest first. */
  instrumentsOf(profile: SandboxProfile): SandboxInstrument[] {
    const result: SandboxInstrument[] = [];
    for (const token of profile.instrumentTokens) {
      const instrument = this.instruments.get(token);
      if (instrument) result.push(instrument);
    }
    return result;
  }

  /** A live (not deregistered) instrument by paymentToken. */
  instrument(paymentToken: string): SandboxInstrument | undefined {
    return this.instruments.get(paymentToken);
  }

  /** A register transaction by uuid. */
  registration(uuid: string): SandboxRegistration | undefined {
    return this.registrations.get(uuid);
  }

  /** The live instrument a register transaction produced; undefined when unknown or deregistered. */
  liveInstrumentOf(transactionUuid: string): SandboxInstrument | undefined {
    const registration = this.registrations.get(transactionUuid);
    return registration && !registration.deregistered ? this.instruments.get(registration.paymentToken) : undefined;
  }

  /** The register transaction that produced a paymentToken (also after deregister). */
  registrationByToken(paymentToken: string): SandboxRegistration | undefined {
    const uuid = this.registrationUuidByToken.get(paymentToken);
    return uuid === undefined ? undefined : this.registrations.get(uuid);
  }

  /** An asynchronous or declined register transaction by uuid. */
  transaction(uuid: string): SandboxTransaction | undefined {
    return this.transactions.get(uuid);
  }

  /** Every asynchronous or declined register transaction, oldest first. */
  allTransactions(): IterableIterator<SandboxTransaction> {
    return this.transactions.values();
  }

  /** Records an asynchronous or declined register transaction (its status changes in place). */
  addTransaction(transaction: SandboxTransaction): void {
    this.transactions.set(transaction.uuid, transaction);
  }

  /** Creates a profile; the caller guarantees the customerIdentification is free. */
  createProfile(customerIdentification: string | null, customer: SandboxCustomer = emptyCustomer(), profileGuid?: string): SandboxProfile {
    let guid = profileGuid ?? newProfileGuid();
    while (profileGuid === undefined && this.profiles.has(guid)) guid = newProfileGuid();
    const profile: SandboxProfile = { profileGuid: guid, customerIdentification, customer, instrumentTokens: [], preferredToken: null };
    this.profiles.set(guid, profile);
    if (customerIdentification !== null) this.guidByIdentification.set(customerIdentification, guid);
    return profile;
  }

  /** Applies a customer patch: present keys replace (extraData as a whole), absent keys stay. */
  patchCustomer(profile: SandboxProfile, patch: CustomerPatch): void {
    const next = { ...profile.customer, ...patch } as SandboxCustomer;
    if (patch.extraData !== undefined) next.extraData = { ...patch.extraData };
    profile.customer = next;
  }

  /**
   * Deletes a profile. Its instruments stay registered but become detached (like detach, deleting
   * a profile does not deregister tokens, API.md §5).
   */
  deleteProfile(profile: SandboxProfile): void {
    for (const token of profile.instrumentTokens) {
      const instrument = this.instruments.get(token);
      if (instrument) instrument.profileGuid = null;
    }
    this.profiles.delete(profile.profileGuid);
    if (profile.customerIdentification !== null) this.guidByIdentification.delete(profile.customerIdentification);
  }

  /** Records a register transaction and the instrument it created (not yet attached). */
  addRegistration(registration: SandboxRegistration, instrument: SandboxInstrument): void {
    this.registrations.set(registration.uuid, registration);
    this.registrationUuidByToken.set(registration.paymentToken, registration.uuid);
    this.instruments.set(instrument.paymentToken, instrument);
  }

  /**
   * Attaches a detached instrument to a profile. It becomes preferred when asked to or when it is
   * the profile's first instrument. Returns whether it is preferred now.
   */
  attach(instrument: SandboxInstrument, profile: SandboxProfile, markAsPreferred: boolean): boolean {
    instrument.profileGuid = profile.profileGuid;
    profile.instrumentTokens.push(instrument.paymentToken);
    if (markAsPreferred || (profile.preferredToken === null && profile.instrumentTokens.length === 1)) {
      profile.preferredToken = instrument.paymentToken;
    }
    return profile.preferredToken === instrument.paymentToken;
  }

  /** Detaches an instrument from its profile; a preferred one leaves the profile without one. */
  detach(instrument: SandboxInstrument): void {
    const profile = instrument.profileGuid === null ? undefined : this.profiles.get(instrument.profileGuid);
    instrument.profileGuid = null;
    if (!profile) return;
    profile.instrumentTokens = profile.instrumentTokens.filter((t) => t !== instrument.paymentToken);
    if (profile.preferredToken === instrument.paymentToken) profile.preferredToken = null;
  }

  /** Deregisters: the instrument is detached and forgotten; the transaction is marked. */
  deregister(registration: SandboxRegistration): void {
    const instrument = this.instruments.get(registration.paymentToken);
    if (instrument) {
      this.detach(instrument);
      this.instruments.delete(instrument.paymentToken);
    }
    registration.deregistered = true;
  }

  /** Makes one of the profile's instruments the preferred one. */
  setPreferred(profile: SandboxProfile, paymentToken: string): void {
    profile.preferredToken = paymentToken;
  }

  /** Empties the store. */
  clear(): void {
    this.profiles.clear();
    this.guidByIdentification.clear();
    this.instruments.clear();
    this.registrations.clear();
    this.registrationUuidByToken.clear();
    this.transactions.clear();
  }

  /** The whole store as plain JSON-able data. */
  snapshot(): StoreSnapshot {
    return {
      version: 1,
      profiles: [...this.profiles.values()],
      instruments: [...this.instruments.values()],
      registrations: [...this.registrations.values()],
      transactions: [...this.transactions.values()],
    };
  }

  /** Replaces the content with a snapshot (e.g. loaded from the data file). */
  restore(snapshot: StoreSnapshot): void {
    this.clear();
    for (const registration of snapshot.registrations) {
      this.registrations.set(registration.uuid, { ...registration });
      this.registrationUuidByToken.set(registration.paymentToken, registration.uuid);
    }
    for (const instrument of snapshot.instruments) this.instruments.set(instrument.paymentToken, { ...instrument });
    for (const transaction of snapshot.transactions ?? []) this.transactions.set(transaction.uuid, { ...transaction });
    for (const profile of snapshot.profiles) {
      this.profiles.set(profile.profileGuid, {
        ...profile,
        customer: { ...emptyCustomer(), ...profile.customer },
        instrumentTokens: [...profile.instrumentTokens],
      });
      if (profile.customerIdentification !== null) this.guidByIdentification.set(profile.customerIdentification, profile.profileGuid);
    }
  }
}

/** Throws unless the value has the shape of a StoreSnapshot (cheap structural check). */
export function assertSnapshot(value: unknown): asserts value is StoreSnapshot {
  const v = value as Partial<StoreSnapshot> | null;
  if (
    typeof v !== 'object' ||
    v === null ||
    v.version !== 1 ||
    !Array.isArray(v.profiles) ||
    !Array.isArray(v.instruments) ||
    !Array.isArray(v.registrations) ||
    (v.transactions !== undefined && !Array.isArray(v.transactions))
  ) {
    throw new Error('not a sandbox data file (expected {"version":1,"profiles":[],"instruments":[],"registrations":[]})');
  }
}
