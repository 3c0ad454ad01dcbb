/**
 * The sandbox's own data model: what the simulated platform stores. It mirrors the platform, not
 * the gateway's client types, so the two sides can disagree (and the tests notice) instead of
 * sharing one definition and agreeing by construction.
 */

/** Customer fields holding strings, in API order (API.md §3.3). */
export const CUSTOMER_STRING_FIELDS = [
  'firstName',
  'lastName',
  'birthDate',
  'gender',
  'billingAddress1',
  'billingAddress2',
  'billingCity',
  'billingPostcode',
  'billingState',
  'billingCountry',
  'billingPhone',
  'company',
  'email',
  'ipAddress',
  'nationalId',
] as const;

export type CustomerStringField = (typeof CUSTOMER_STRING_FIELDS)[number];

/** Every customer field in API order; also the order of `changedFields`. */
export const CUSTOMER_FIELDS = [...CUSTOMER_STRING_FIELDS, 'extraData'] as const;

export type CustomerField = (typeof CUSTOMER_FIELDS)[number];

/** A profile's customer block. Unset fields are null; extraData is `{}` when empty. */
export type SandboxCustomer = { [K in CustomerStringField]: string | null } & { extraData: Record<string, string> };

/** A change to the customer block: only the keys present are applied; null clears a field. */
export type CustomerPatch = { [K in CustomerStringField]?: string | null } & { extraData?: Record<string, string> };

export interface CardDetails {
  kind: 'card';
  /** Lowercase brand, e.g. `visa`. */
  brand: string;
  cardHolder: string | null;
  expiryMonth: number;
  expiryYear: number;
  /** Never a full PAN: only the BIN and the last four digits are kept. */
  firstSixDigits: string;
  lastFourDigits: string;
}

export interface IbanDetails {
  kind: 'iban';
  iban: string;
  bic: string | null;
  accountOwner: string | null;
  mandateId: string;
  /** `YYYY-MM-DD 00:00:00`, the form the platform's examples use. */
  mandateDate: string;
}

export interface WalletDetails {
  kind: 'wallet';
  walletReferenceId: string;
  walletType: string;
  walletOwner: string | null;
  walletOwnerFirstName: string | null;
  walletOwnerLastName: string | null;
  walletOwnerCountryCode: string | null;
  walletRegistrationId: string;
}

export type InstrumentDetails = CardDetails | IbanDetails | WalletDetails;

/** A stored payment instrument; exists from its register until its deregister. */
export interface SandboxInstrument {
  /** `pt::` + 20 characters. */
  paymentToken: string;
  /** `YYYY-MM-DD HH:MM:SS` (UTC). */
  createdAt: string;
  associatedTokenType: string | null;
  networkTokenStatus: string | null;
  details: InstrumentDetails;
  /** uuid of the register transaction that created it. */
  registrationUuid: string;
  /** The profile it is attached to, or null when detached. */
  profileGuid: string | null;
}

export interface SandboxProfile {
  profileGuid: string;
  customerIdentification: string | null;
  customer: SandboxCustomer;
  /** Attached instruments, oldest first. */
  instrumentTokens: string[];
  preferredToken: string | null;
}

/** Where a register puts its instrument (`customerProfileData`, API.md §7.2). */
export interface ProfileTarget {
  profileGuid?: string;
  customerIdentification?: string;
  markAsPreferred?: boolean;
}

/**
 * A register that did not finish synchronously (REDIRECT / PENDING) or was declined. A pending
 * one leaves the store untouched until it is completed (then its registration exists under the
 * same uuid) or failed.
 */
export interface SandboxTransaction {
  uuid: string;
  merchantTransactionId: string;
  status: 'pending' | 'completed' | 'failed';
  /** What register answered. */
  returnType: 'REDIRECT' | 'PENDING' | 'ERROR';
  createdAt: string;
  /** The instrument completion registers (for a declined one: the card that was declined). */
  details: InstrumentDetails;
  /** The register's `customer`, applied to the profile on completion. */
  customer: CustomerPatch | null;
  target: ProfileTarget | null;
  successUrl: string | null;
  cancelUrl: string | null;
  errorUrl: string | null;
}

/** A register transaction; kept after deregister so a second deregister can answer 7037. */
export interface SandboxRegistration {
  uuid: string;
  merchantTransactionId: string;
  paymentToken: string;
  createdAt: string;
  deregistered: boolean;
}

/** Operations the sandbox answers, as counted in stats and named in faults. */
export const OPERATIONS = [
  'getProfile',
  'updateProfile',
  'deleteProfile',
  'attachPaymentInstrument',
  'detachPaymentInstrument',
  'register',
  'deregister',
] as const;

export type Operation = (typeof OPERATIONS)[number];

/** The operations that change the store when they succeed. */
export const WRITE_OPERATIONS = OPERATIONS.filter((op): op is Exclude<Operation, 'getProfile'> => op !== 'getProfile');

export type WriteOperation = Exclude<Operation, 'getProfile'>;

export function isWriteOperation(operation: Operation): operation is WriteOperation {
  return operation !== 'getProfile';
}

/** A customer block with every field unset. */
export function emptyCustomer(): SandboxCustomer {
  return {
    firstName: null,
    lastName: null,
    birthDate: null,
    gender: null,
    billingAddress1: null,
    billingAddress2: null,
    billingCity: null,
    billingPostcode: null,
    billingState: null,
    billingCountry: null,
    billingPhone: null,
    company: null,
    email: null,
    ipAddress: null,
    nationalId: null,
    extraData: {},
  };
}
