import { describe, expect, it } from 'vitest';
import {
  AuthError,
  CancelledError,
  CartError,
  isAuthError,
  isCancelledError,
  isCartError,
  isNetworkError,
  isTimeoutError,
  isUnreachableError,
  isVersionConflictError,
  NetworkError,
  TimeoutError,
  VersionConflictError,
} from '../index.js';

describe('typed errors', () => {
  it('carry name, code, status, problem and cause', () => {
    const cause = new Error('boom');
    const problem = { type: 'about:blank', title: 'Out of stock', status: 422, code: 'OUT_OF_STOCK' as const };
    const error = new CartError({ code: 'OUT_OF_STOCK', status: 422, problem, cause });

    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('CartError');
    expect(error.code).toBe('OUT_OF_STOCK');
    expect(error.status).toBe(422);
    expect(error.problem).toBe(problem);
    expect(error.cause).toBe(cause);
    expect(error.message).toBe('Out of stock');
  });

  it('subclasses have their own names and codes', () => {
    const cart = { owner: 'user', version: 3 } as never;
    expect(new NetworkError()).toMatchObject({ name: 'NetworkError', code: 'NETWORK_ERROR' });
    expect(new TimeoutError()).toMatchObject({ name: 'TimeoutError', code: 'TIMEOUT' });
    expect(new VersionConflictError({ cart })).toMatchObject({ name: 'VersionConflictError', cart });
    expect(new AuthError({ cognitoCode: 'NotAuthorizedException' })).toMatchObject({
      name: 'AuthError',
      code: 'AUTH_FAILED',
    });
    expect(new CancelledError()).toMatchObject({ name: 'CancelledError', code: 'CANCELLED' });
  });

  it('guards accept instances and look-alikes by name, reject others', () => {
    const clone = { name: 'NetworkError', code: 'NETWORK_ERROR', message: 'x' }; // e.g. from another bundle copy

    expect(isCartError(new NetworkError())).toBe(true);
    expect(isCartError(clone)).toBe(true);
    expect(isNetworkError(clone)).toBe(true);
    expect(isTimeoutError(clone)).toBe(false);
    expect(isCartError(new Error('x'))).toBe(false);
    expect(isCartError({ name: 'CartError' })).toBe(false);
    expect(isCartError(null)).toBe(false);
    expect(isVersionConflictError(new VersionConflictError({ cart: {} as never }))).toBe(true);
    expect(isAuthError(new AuthError({}))).toBe(true);
    expect(isCancelledError(new CancelledError())).toBe(true);
  });

  it('isUnreachableError: network, timeout and 503 UNAVAILABLE are "unreachable"; a refusal is not', () => {
    expect(isUnreachableError(new NetworkError())).toBe(true);
    expect(isUnreachableError(new TimeoutError())).toBe(true);
    expect(isUnreachableError(new CartError({ code: 'UNAVAILABLE', status: 503 }))).toBe(true);
    // Look-alikes from another copy of the SDK (or a structured clone) count by name or code.
    expect(isUnreachableError({ name: 'NetworkError', code: 'NETWORK_ERROR', message: 'x' })).toBe(true);
    expect(isUnreachableError({ name: 'CartError', code: 'TIMEOUT', message: 'x' })).toBe(true);

    expect(isUnreachableError(new CartError({ code: 'OUT_OF_STOCK', status: 422 }))).toBe(false);
    expect(isUnreachableError(new CartError({ code: 'RATE_LIMITED', status: 429 }))).toBe(false);
    expect(isUnreachableError(new AuthError({}))).toBe(false);
    expect(isUnreachableError(new CancelledError())).toBe(false);
    expect(isUnreachableError(new Error('NETWORK_ERROR'))).toBe(false);
    expect(isUnreachableError({ code: 'UNAVAILABLE' })).toBe(false);
    expect(isUnreachableError(null)).toBe(false);
  });
});
