export { ERROR_CODES, ERROR_STATUS, isErrorCode, type ErrorCode } from './codes.js';
export { LIMITS } from './limits.js';
export * from './schemas.js';
export * from './address.js';
export * from './checkout.js';
export * from './discounts.js';
export * from './admin-orders.js';
export * from './admin-catalog.js';
export * from './webhooks.js';
