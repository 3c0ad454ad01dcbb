/**
 * What a successful register does to the store, shared by a register that finishes at once and
 * by the completion of a pending one (API.md §7.1–§7.3): the transaction's customer updates the
 * profile (which is created for a new customerIdentification), the instrument and its
 * registration are stored, and the instrument is attached to the profile.
 */
import { newPaymentToken } from '../ids';
import { emptyCustomer, type CustomerPatch, type InstrumentDetails, type ProfileTarget, type SandboxCustomer, type SandboxProfile } from '../model';
import type { SandboxStore } from '../store';
import type { Registered } from '../transaction-results';

/** The profile a customerProfileData block names: found, to be created (undefined), or an error. */
export type TargetResolution = { ok: true; profile?: SandboxProfile } | { ok: false; message: string };

export function resolveTarget(store: SandboxStore, target: ProfileTarget | null | undefined): TargetResolution {
  if (target?.profileGuid !== undefined) {
    const profile = store.findProfile({ profileGuid: target.profileGuid });
    if (!profile) return { ok: false, message: 'customerProfileData.profileGuid names no customer profile' };
    if (target.customerIdentification !== undefined && target.customerIdentification !== profile.customerIdentification) {
      return { ok: false, message: 'customerProfileData.customerIdentification does not belong to the profile named by profileGuid' };
    }
    return { ok: true, profile };
  }
  if (target?.customerIdentification !== undefined)
    return { ok: true, profile: store.findProfile({ customerIdentification: target.customerIdentification }) };
  return { ok: true };
}

/** The profile's customer as the register would leave it (card holders are named from it); null without either. */
export function customerAfter(profile: SandboxProfile | undefined, incoming: CustomerPatch | null | undefined): SandboxCustomer | null {
  if (!profile && !incoming) return null;
  const current = profile?.customer ?? emptyCustomer();
  return { ...current, ...(incoming ? mergeTransactionCustomer(current, incoming) : {}) };
}

export interface RegistrationInput {
  uuid: string;
  merchantTransactionId: string;
  details: InstrumentDetails;
  customer: CustomerPatch | null | undefined;
  target: ProfileTarget | null | undefined;
  /** From resolveTarget. */
  profile: SandboxProfile | undefined;
  createdAt: string;
}

/** Applies a successful register to the store (the caller persists). */
export function storeRegistration(store: SandboxStore, input: RegistrationInput): Registered {
  let { profile } = input;
  const patch = input.customer ? mergeTransactionCustomer(profile?.customer ?? emptyCustomer(), input.customer) : undefined;
  if (!profile && input.target?.customerIdentification !== undefined) {
    profile = store.createProfile(input.target.customerIdentification, { ...emptyCustomer(), ...patch });
  } else if (profile && patch) {
    store.patchCustomer(profile, patch);
  }
  let paymentToken = newPaymentToken();
  while (store.registrationByToken(paymentToken)) paymentToken = newPaymentToken();
  const { uuid, createdAt } = input;
  store.addRegistration(
    { uuid, merchantTransactionId: input.merchantTransactionId, paymentToken, createdAt, deregistered: false },
    {
      paymentToken,
      createdAt,
      associatedTokenType: null,
      networkTokenStatus: null,
      details: input.details,
      registrationUuid: uuid,
      profileGuid: null,
    },
  );
  const instrument = store.instrument(paymentToken)!;
  const preferred = profile ? store.attach(instrument, profile, input.target?.markAsPreferred === true) : false;
  return { profile, paymentToken, preferred };
}

/**
 * The transaction's customer updates the profile only with the values it carries: nothing is
 * cleared, extraData keys are merged into the existing ones.
 */
function mergeTransactionCustomer(current: SandboxCustomer, incoming: CustomerPatch): CustomerPatch {
  const patch: CustomerPatch = { ...incoming };
  if (incoming.extraData !== undefined) patch.extraData = { ...current.extraData, ...incoming.extraData };
  return patch;
}
