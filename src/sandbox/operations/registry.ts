/** Which handler answers which operation. */
import type { Operation } from '../model';
import { attachPaymentInstrument, detachPaymentInstrument } from './attachments';
import type { OperationHandler } from './context';
import { deleteProfile, getProfile, updateProfile } from './profiles';
import { deregister, register } from './transactions';

export const OPERATION_HANDLERS: Record<Operation, OperationHandler> = {
  getProfile,
  updateProfile,
  deleteProfile,
  attachPaymentInstrument,
  detachPaymentInstrument,
  register,
  deregister,
};
