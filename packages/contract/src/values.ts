/**
 * `@cartkit/contract/values`: the contract's runtime values without valibot or
 * any schema, for browser code that needs the numbers but validates nothing
 * (the SDK, the element). The checkout rule `blocksCheckout` has an entry of its
 * own, `@cartkit/contract/quote-rules`, so code that loads up front does not
 * carry what only checkout needs. Both are also exported by `@cartkit/contract`.
 *
 * @example
 * ```ts
 * import { isErrorCode, LIMITS } from '@cartkit/contract/values';
 * if (quantity > LIMITS.maxQuantity) showError();
 * ```
 */
export { ERROR_CODES, ERROR_STATUS, type ErrorCode, isErrorCode } from './codes.js';
export { LIMITS } from './limits.js';
