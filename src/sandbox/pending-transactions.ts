/**
 * Completing or failing the asynchronous register transactions (REDIRECT / PENDING), as the
 * customer's bank or the PSP would, so a frontend can be developed against the redirect flow.
 * Shared by the control endpoints and RunningSandbox.transactions. Completion does what a
 * finished register does (operations/registration.ts) under the register's uuid; failing only
 * marks the transaction. No callback is sent: the outcome carries the body a callback would.
 */
import type { SandboxTransaction } from './model';
import type { OperationContext } from './operations/context';
import { resolveTarget, storeRegistration } from './operations/registration';
import { formatTimestamp } from './timestamps';
import { declinedResult, finishedResult } from './transaction-results';
import { paymentMethodName } from './wire';

export type TransactionControlErrorCode = 'TRANSACTION_NOT_FOUND' | 'NOT_PENDING' | 'PROFILE_NOT_FOUND';

/** A completion or failure that cannot happen; `code` says why. */
export class TransactionControlError extends Error {
  constructor(
    readonly code: TransactionControlErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TransactionControlError';
  }
}

/** An asynchronous or declined register as the control endpoints show it (no customer data). */
export interface TransactionView {
  uuid: string;
  merchantTransactionId: string;
  status: SandboxTransaction['status'];
  /** What register answered. */
  returnType: SandboxTransaction['returnType'];
  paymentMethod: string;
  createdAt: string;
  /** The register's customerProfileData (where completion attaches the instrument), or null. */
  customerProfileData: { profileGuid: string | null; customerIdentification: string | null; markAsPreferred: boolean } | null;
  successUrl: string | null;
  cancelUrl: string | null;
  errorUrl: string | null;
}

export interface TransactionOutcome {
  transaction: TransactionView;
  /** The transaction result its callback would carry (FINISHED with customerProfileData, or ERROR 2003). */
  result: Record<string, unknown>;
}

export interface TransactionController {
  /** Asynchronous and declined registers, oldest first, optionally only those with `status`. */
  list(status?: SandboxTransaction['status']): TransactionView[];
  get(uuid: string): TransactionView | undefined;
  /**
   * Completes a pending register: stores the instrument and attaches it per its
   * customerProfileData (creating the profile for a new customerIdentification, honouring
   * markAsPreferred). Throws TransactionControlError; a profileGuid whose profile is gone by now
   * leaves the transaction pending.
   */
  complete(uuid: string): Promise<TransactionOutcome>;
  /** Marks a pending register failed; nothing is stored. Throws TransactionControlError. */
  fail(uuid: string): Promise<TransactionOutcome>;
}

export function createTransactionController(ctx: OperationContext): TransactionController {
  const { store } = ctx;
  const pending = (uuid: string): SandboxTransaction => {
    const transaction = store.transaction(uuid);
    if (!transaction) throw new TransactionControlError('TRANSACTION_NOT_FOUND', 'No asynchronous register transaction with this uuid');
    if (transaction.status !== 'pending') throw new TransactionControlError('NOT_PENDING', `The transaction is ${transaction.status}, not pending`);
    return transaction;
  };
  return {
    list(status) {
      const views: TransactionView[] = [];
      for (const t of store.allTransactions()) if (status === undefined || t.status === status) views.push(viewOf(t));
      return views;
    },
    get(uuid) {
      const transaction = store.transaction(uuid);
      return transaction && viewOf(transaction);
    },
    async complete(uuid) {
      const transaction = pending(uuid);
      const resolved = resolveTarget(store, transaction.target);
      if (!resolved.ok) throw new TransactionControlError('PROFILE_NOT_FOUND', `Cannot complete: ${resolved.message} any more`);
      const registered = storeRegistration(store, { ...transaction, profile: resolved.profile, createdAt: formatTimestamp(ctx.now()) });
      transaction.status = 'completed';
      await ctx.persist();
      return { transaction: viewOf(transaction), result: finishedResult(transaction.uuid, transaction.createdAt, transaction.details, registered) };
    },
    async fail(uuid) {
      const transaction = pending(uuid);
      transaction.status = 'failed';
      await ctx.persist();
      return { transaction: viewOf(transaction), result: declinedResult(transaction) };
    },
  };
}

function viewOf(t: SandboxTransaction): TransactionView {
  return {
    uuid: t.uuid,
    merchantTransactionId: t.merchantTransactionId,
    status: t.status,
    returnType: t.returnType,
    paymentMethod: paymentMethodName(t.details),
    createdAt: t.createdAt,
    customerProfileData: t.target
      ? {
          profileGuid: t.target.profileGuid ?? null,
          customerIdentification: t.target.customerIdentification ?? null,
          markAsPreferred: t.target.markAsPreferred === true,
        }
      : null,
    successUrl: t.successUrl,
    cancelUrl: t.cancelUrl,
    errorUrl: t.errorUrl,
  };
}
