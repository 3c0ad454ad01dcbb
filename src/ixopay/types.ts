/**
 * Typed results and requests of the IXOPAY Customer Profiles and Transaction APIs, after wire
 * parsing has smoothed the documented quirks (API.md §8): `extraData` is always an object,
 * `createdAt`/`mandateDate` are Dates, `profileExists` is a boolean.
 */

/** Addresses one profile: exactly one of the two identifiers. */
export type ProfileRef =
  | { profileGuid: string; customerIdentification?: undefined }
  | { customerIdentification: string; profileGuid?: undefined };

export type Gender = 'M' | 'F';

/** The customer block of a profile (API.md §3.3). Every field may be null. */
export interface Customer {
  firstName: string | null;
  lastName: string | null;
  /** `YYYY-MM-DD`. */
  birthDate: string | null;
  gender: Gender | null;
  billingAddress1: string | null;
  billingAddress2: string | null;
  billingCity: string | null;
  billingPostcode: string | null;
  billingState: string | null;
  billingCountry: string | null;
  billingPhone: string | null;
  company: string | null;
  email: string | null;
  ipAddress: string | null;
  nationalId: string | null;
  /** Free string pairs; `{}` when the wire says `[]` or null. */
  extraData: Record<string, string>;
}

/** The customer fields updateProfile accepts; only keys present are sent. `null` clears a value. */
export type CustomerDataInput = Partial<{
  [K in keyof Customer]: K extends 'extraData' ? Record<string, string> | null : Customer[K];
}>;

/** Every key of the customer block, in API order (also the order of `changedFields`). */
export const CUSTOMER_FIELDS = [
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
  'extraData',
] as const satisfies readonly (keyof Customer)[];

export type PaymentMethod = 'card' | 'iban' | 'wallet';

export interface CardData {
  kind: 'card';
  brand: string | null;
  cardHolder: string | null;
  expiryMonth: number | null;
  expiryYear: number | null;
  firstSixDigits: string | null;
  lastFourDigits: string | null;
}

export interface IbanData {
  kind: 'iban';
  iban: string | null;
  bic: string | null;
  mandateId: string | null;
  mandateDate: Date | null;
}

export interface WalletData {
  kind: 'wallet';
  walletReferenceId: string | null;
  walletType: string | null;
  walletOwner: string | null;
  walletOwnerFirstName: string | null;
  walletOwnerLastName: string | null;
  walletOwnerCountryCode: string | null;
  walletRegistrationId: string | null;
}

export type PaymentData = CardData | IbanData | WalletData;

/** One stored instrument (API.md §3.4). */
export interface PaymentInstrument {
  paymentToken: string;
  method: PaymentMethod;
  createdAt: Date | null;
  isPreferred: boolean;
  associatedTokenType: string | null;
  networkTokenStatus: string | null;
  paymentData: PaymentData | null;
}

/** A profile as getProfile returns it. */
export interface CustomerProfile {
  profileGuid: string;
  customerIdentification: string | null;
  preferredMethod: string | null;
  customer: Customer | null;
  paymentInstruments: PaymentInstrument[];
}

export interface UpdateProfileRequest {
  customerData: CustomerDataInput;
  /** paymentToken of one of the profile's instruments. */
  preferredInstrument?: string;
}

/** updateProfile's answer: the customer after the update, and which customer fields changed. */
export interface UpdateProfileResult {
  profileGuid: string;
  customerIdentification: string | null;
  customer: Customer | null;
  changedFields: string[];
}

/** Transaction API `customer` object: the subset we send when registering (API.md §7.3). */
export type TransactionCustomer = Partial<Omit<Customer, 'extraData'>> & {
  identification?: string;
  extraData?: Record<string, string>;
};

/** A register carrying customer-profile data (API.md §7.2–7.3). */
export interface RegisterRequest {
  merchantTransactionId: string;
  transactionToken?: string;
  description?: string;
  successUrl?: string;
  cancelUrl?: string;
  errorUrl?: string;
  callbackUrl?: string;
  customer?: TransactionCustomer;
  customerProfileData: {
    profileGuid?: string;
    customerIdentification?: string;
    markAsPreferred?: boolean;
  };
}

export interface RegisterResult {
  uuid: string;
  purchaseId: string | null;
  returnType: string;
  paymentMethod: string | null;
  customerProfileData: {
    profileGuid: string;
    customerIdentification: string | null;
    paymentToken: string;
    markAsPreferred: boolean;
  } | null;
}

export interface DeregisterRequest {
  merchantTransactionId: string;
  referenceUuid?: string;
  transactionToken?: string;
}

export interface DeregisterResult {
  uuid: string;
  returnType: string;
}

/** Per-call options. */
export interface CallOptions {
  /** Aborts the call (the client's own deadline applies as well). */
  signal?: AbortSignal;
}

/**
 * The profile operations the GraphQL layer depends on. `IxopayClient` implements it; nothing in
 * the GraphQL layer knows about HTTP, signing or retries.
 */
export interface ProfilesApi {
  /** The profile, or null when it does not exist. */
  getProfile(ref: ProfileRef, options?: CallOptions): Promise<CustomerProfile | null>;
  /** Throws ProfileNotFoundError when the profile does not exist. */
  updateProfile(ref: ProfileRef, request: UpdateProfileRequest, options?: CallOptions): Promise<UpdateProfileResult>;
  /** Throws ProfileNotFoundError when the profile does not exist. */
  deleteProfile(ref: ProfileRef, options?: CallOptions): Promise<void>;
}

/** One finished upstream call, reported to an observer (metrics, logs). Never holds bodies. */
export interface UpstreamCallEvent {
  operation: string;
  /** HTTP status, or 0 when no response arrived. */
  status: number;
  durationMs: number;
  /** `ok`, or the error code thrown. */
  outcome: 'ok' | 'PROFILE_NOT_FOUND' | 'UPSTREAM_REJECTED' | 'UPSTREAM_UNAVAILABLE' | 'UPSTREAM_RATE_LIMITED';
  /** IXOPAY `errorCode`, when the answer carried one. */
  errorCode?: number | string;
  /** 1 for the first try, 2.. for retries. */
  attempt: number;
}
