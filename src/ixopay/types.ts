/**
 * Typed results and requests of the IXOPAY Customer Profiles and Transaction APIs, after wire
 * parsing has smoothed the documented quirks (API.md §8): `extraData` is always an object,
 * `createdAt`/`mandateDate` are Dates, `profileExists` is a boolean.
 */
import type { IxopayErrorCode } from './errors';

/** Addresses one profile: exactly one of the two identifiers. */
export type ProfileRef = { profileGuid: string; customerIdentification?: undefined } | { customerIdentification: string; profileGuid?: undefined };

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

/**
 * A Transaction API register (API.md §7.2–7.3). With customerProfileData the new instrument is put
 * on that profile (created for a new customerIdentification); without it, the instrument is only
 * registered and can be attached later (attachPaymentInstrument with the register's uuid).
 */
export interface RegisterRequest {
  merchantTransactionId: string;
  transactionToken?: string;
  description?: string;
  successUrl?: string;
  cancelUrl?: string;
  errorUrl?: string;
  callbackUrl?: string;
  customer?: TransactionCustomer;
  customerProfileData?: {
    profileGuid?: string;
    customerIdentification?: string;
    markAsPreferred?: boolean;
  };
}

/**
 * `returnType` of a transaction result (API.md §7.3). `ERROR` never arrives as a result: the client
 * throws it as UpstreamRejectedError (with the first of `errors[]`).
 */
export const TRANSACTION_RETURN_TYPES = ['FINISHED', 'REDIRECT', 'HTML', 'PENDING', 'PENDING_DCC', 'ERROR'] as const;
export type TransactionReturnType = (typeof TRANSACTION_RETURN_TYPES)[number];

/**
 * register's answer. What to do next depends on `returnType`:
 * - `FINISHED`: done; `customerProfileData` names the profile and the new instrument's token.
 * - `REDIRECT`: send the shopper to `redirectUrl` (always set; `redirectType` iframe/fullpage).
 * - `HTML`: render `htmlContent` (always set).
 * - `PENDING` / `PENDING_DCC`: the outcome arrives later by callback.
 * For the asynchronous ones the profile is only written once the transaction succeeds, so
 * `customerProfileData` is usually null until then.
 */
export interface RegisterResult {
  /** The registration reference: `referenceUuid` for deregister, `transactionUuid` for attach/detach. */
  uuid: string;
  purchaseId: string | null;
  returnType: Exclude<TransactionReturnType, 'ERROR'>;
  redirectUrl: string | null;
  redirectType: string | null;
  htmlContent: string | null;
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
  /** The register's uuid; one of referenceUuid / transactionToken is required. */
  referenceUuid?: string;
  /** For customer profiles: the instrument's paymentToken. */
  transactionToken?: string;
}

/** deregister's answer; a successful deregister also detaches the instrument from its profile (API.md §7.4). */
export interface DeregisterResult {
  uuid: string;
  purchaseId: string | null;
  returnType: Exclude<TransactionReturnType, 'ERROR'>;
}

/** attachPaymentInstrument: put a registered instrument on the profile (API.md §7.5). */
export interface AttachPaymentInstrumentRequest {
  /** uuid of a successful register (or withRegister) transaction, not deregistered, not attached. */
  transactionUuid: string;
  /** Create the profile when none has this customerIdentification; only with a customerIdentification ref. */
  createProfileIfNotExists?: boolean;
}

export interface AttachPaymentInstrumentResult {
  profileGuid: string;
  /** The attached instrument's token. */
  paymentToken: string;
}

/** detachPaymentInstrument: take the instrument off the profile; it stays registered (deregister is separate). */
export interface DetachPaymentInstrumentRequest {
  transactionUuid: string;
}

export interface DetachPaymentInstrumentResult {
  profileGuid: string;
}

/** Per-call options. */
export interface CallOptions {
  /** Aborts the call (e.g. the client disconnected); the client's own deadline applies as well. */
  signal?: AbortSignal;
}

/**
 * What the GraphQL layer depends on. `IxopayClient` implements it; nothing in the GraphQL layer
 * knows about HTTP, signing or retries. Only getProfile is ever retried; every other operation is
 * sent at most once, because its effect cannot be known after a timeout.
 */
export interface ProfilesApi {
  /** The profile, or null when it does not exist. */
  getProfile(ref: ProfileRef, options?: CallOptions): Promise<CustomerProfile | null>;
  /** Throws ProfileNotFoundError when the profile does not exist. */
  updateProfile(ref: ProfileRef, request: UpdateProfileRequest, options?: CallOptions): Promise<UpdateProfileResult>;
  /** Throws ProfileNotFoundError when the profile does not exist. */
  deleteProfile(ref: ProfileRef, options?: CallOptions): Promise<void>;
  /**
   * Transaction API register with customerProfileData: stores a new instrument on a profile
   * (creating the profile for a new customerIdentification). A declined or invalid register throws
   * UpstreamRejectedError (its errorCode, e.g. 2003 declined).
   */
  register(request: RegisterRequest, options?: CallOptions): Promise<RegisterResult>;
  /** Transaction API deregister: deletes the instrument at IXOPAY and detaches it from its profile. */
  deregister(request: DeregisterRequest, options?: CallOptions): Promise<DeregisterResult>;
  /**
   * Attaches a registered instrument to the profile. Throws TransactionNotFoundError,
   * AlreadyAttachedError, or ProfileNotFoundError (profile missing and not created).
   */
  attachPaymentInstrument(ref: ProfileRef, request: AttachPaymentInstrumentRequest, options?: CallOptions): Promise<AttachPaymentInstrumentResult>;
  /** Detaches the instrument from the profile. Throws TransactionNotFoundError, NotAttachedError or ProfileNotFoundError. */
  detachPaymentInstrument(ref: ProfileRef, request: DetachPaymentInstrumentRequest, options?: CallOptions): Promise<DetachPaymentInstrumentResult>;
}

/** One finished upstream attempt, reported to an observer (metrics, logs). Never holds bodies. */
export interface UpstreamCallEvent {
  operation: string;
  /** HTTP status, or 0 when no response arrived. */
  status: number;
  durationMs: number;
  /** `ok`, or the code of the error the attempt ended with. */
  outcome: 'ok' | IxopayErrorCode;
  /** IXOPAY `errorCode`, when the answer carried one. */
  errorCode?: number | string;
  /** 1 for the first try, 2.. for retries. */
  attempt: number;
}
