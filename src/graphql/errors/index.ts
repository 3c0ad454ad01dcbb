/** The error contract: the code table, the gateway's request errors, and the one edge that maps them. */
export { ERROR_CODES, isErrorCode, type ErrorCode, type ErrorCodeInfo } from './codes';
export {
  BadRequestError,
  BadUserInputError,
  PersistedQueryNotInListError,
  QueryTooComplexError,
  ShopperRateLimitedError,
  type LimitName,
} from './gateway-errors';
export { formatError, requestErrorBody, type FormatErrorOptions } from './format-error';
export { recordInputPaths } from './input-paths';
