/**
 * Transaction API result bodies (API.md §7.3): FINISHED with the new instrument, REDIRECT /
 * PENDING for asynchronous flows, and failed transactions (`success:false`, `returnType: ERROR`,
 * over HTTP 200, the way the PHP client's parseTransactionResult reads them). A completion or
 * failure of a pending transaction produces the body its callback would carry.
 */
import type { InstrumentDetails, SandboxProfile, SandboxTransaction } from './model';
import { ErrorCode, paymentMethodName, returnDataJson, type Reply } from './wire';

/** What a successful register stored. */
export interface Registered {
  profile?: SandboxProfile;
  paymentToken: string;
  /** Whether the new instrument is the profile's preferred one now. */
  preferred: boolean;
}

/** `YYYYMMDD-<uuid>` from a `YYYY-MM-DD HH:MM:SS` creation time. */
export function purchaseId(createdAt: string, uuid: string): string {
  return `${createdAt.slice(0, 10).replace(/-/g, '')}-${uuid}`;
}

/** A register that stored its instrument (and attached it when it named a profile). */
export function finishedResult(uuid: string, createdAt: string, details: InstrumentDetails, registered: Registered): Record<string, unknown> {
  const { profile } = registered;
  return {
    success: true,
    uuid,
    purchaseId: purchaseId(createdAt, uuid),
    returnType: 'FINISHED',
    paymentMethod: paymentMethodName(details),
    returnData: returnDataJson(details),
    ...(profile
      ? {
          customerProfileData: {
            profileGuid: profile.profileGuid,
            customerIdentification: profile.customerIdentification,
            paymentToken: registered.paymentToken,
            markAsPreferred: registered.preferred,
          },
        }
      : {}),
  };
}

/** A register waiting for the customer (REDIRECT) or the PSP (PENDING); no profile data yet. */
export function asyncResult(transaction: SandboxTransaction, redirectUrl: string | null): Record<string, unknown> {
  return {
    success: true,
    uuid: transaction.uuid,
    purchaseId: purchaseId(transaction.createdAt, transaction.uuid),
    returnType: transaction.returnType,
    ...(redirectUrl !== null ? { redirectType: 'fullpage', redirectUrl } : {}),
    paymentMethod: paymentMethodName(transaction.details),
  };
}

/** A declined (or failed) register transaction: 2003 with a card-network style adapter answer. */
export function declinedResult(transaction: SandboxTransaction): Record<string, unknown> {
  return {
    ...failureBody(ErrorCode.TRANSACTION_DECLINED, 'Transaction declined', 'Do not honor', '05'),
    uuid: transaction.uuid,
    purchaseId: purchaseId(transaction.createdAt, transaction.uuid),
    paymentMethod: paymentMethodName(transaction.details),
  };
}

/** A request the Transaction API refuses (no transaction was created). */
export function transactionError(errorCode: number, errorMessage: string): Reply {
  return { status: 200, body: failureBody(errorCode, errorMessage, null, null) };
}

function failureBody(errorCode: number, errorMessage: string, adapterMessage: string | null, adapterCode: string | null): Record<string, unknown> {
  const error = { errorMessage, errorCode, adapterMessage, adapterCode };
  return { success: false, ...error, errors: [error], returnType: 'ERROR' };
}
