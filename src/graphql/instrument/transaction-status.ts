/**
 * `TransactionStatus`: where a register stands, from the Transaction API's `returnType`
 * (API.md §7.3). The TypeScript values are the GraphQL names.
 */
import { registerEnumType } from 'type-graphql';
import { UpstreamUnavailableError } from '../../ixopay/errors';
import type { RegisterResult } from '../../ixopay/types';

export enum TransactionStatus {
  FINISHED = 'FINISHED',
  REDIRECT = 'REDIRECT',
  PENDING = 'PENDING',
}

registerEnumType(TransactionStatus, {
  name: 'TransactionStatus',
  description: 'Where a register transaction stands.',
  valuesConfig: {
    FINISHED: { description: 'Done: the instrument is stored on the profile.' },
    REDIRECT: {
      description: 'The shopper must complete a step at `redirectUrl` (e.g. 3-D Secure); the profile changes only once the transaction succeeds.',
    },
    PENDING: { description: 'The outcome arrives later (IXOPAY calls `callbackUrl`); the profile changes only once the transaction succeeds.' },
  },
});

/**
 * The status of a register result. `PENDING_DCC` waits like `PENDING`. `HTML` (render IXOPAY's
 * `htmlContent`) has no place in the contract: the gateway cannot hand that page on, so the call
 * fails as an unusable answer (UPSTREAM_UNAVAILABLE) rather than leave the client waiting for a
 * transaction that will never finish.
 */
export function transactionStatusOf(returnType: RegisterResult['returnType']): TransactionStatus {
  switch (returnType) {
    case 'FINISHED':
      return TransactionStatus.FINISHED;
    case 'REDIRECT':
      return TransactionStatus.REDIRECT;
    case 'PENDING':
    case 'PENDING_DCC':
      return TransactionStatus.PENDING;
    case 'HTML':
      throw new UpstreamUnavailableError('register', 'unexpected_shape', 'returnType HTML is not supported by the gateway');
  }
}
