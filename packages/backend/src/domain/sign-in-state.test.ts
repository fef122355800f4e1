import { describe, expect, it } from 'vitest';
import { parseSignInState, signInFragment, signInOutcome } from './sign-in-state.js';

const b64 = (text: string) => Buffer.from(text).toString('base64url');
const RANDOM = 'Q2FydGtpdFJhbmRvbVBhcnQ';

describe('parseSignInState', () => {
  it('reads the mode and the return URL, dropping its fragment', () => {
    const state = parseSignInState(`${RANDOM}.p.${b64('https://shop.example/p?q=1#old')}`);

    expect(state?.mode).toBe('popup');
    expect(state?.returnUrl.href).toBe('https://shop.example/p?q=1');
    expect(parseSignInState(`${RANDOM}.r.${b64('http://localhost:5173/')}`)?.mode).toBe('redirect');
  });

  it.each([
    undefined,
    '',
    `short.r.${b64('https://shop.example/')}`,
    `${RANDOM}.x.${b64('https://shop.example/')}`,
    `${RANDOM}.r.${b64('javascript:alert(1)')}`,
    `${RANDOM}.r.${b64('data:text/html,hi')}`,
    `${RANDOM}.r.${b64('https://user:pw@shop.example/')}`,
    `${RANDOM}.r.${b64('not a url')}`,
    `${RANDOM}.r.${b64('https://shop.example/')}.more`,
    `${RANDOM}.r.%%%`,
    `${RANDOM}.r.${'A'.repeat(5000)}`,
  ])('refuses %j', (state) => {
    expect(parseSignInState(state)).toBeUndefined();
  });
});

describe('signInOutcome', () => {
  it('passes a code, an OAuth error, and refuses odd values as invalid_request', () => {
    expect(signInOutcome({ code: 'abc-123' })).toEqual({ code: 'abc-123' });
    expect(signInOutcome({ error: 'access_denied' })).toEqual({ error: 'access_denied' });
    expect(signInOutcome({ error: '<b>' })).toEqual({ error: 'invalid_request' });
    expect(signInOutcome({ code: 'has space' })).toEqual({ error: 'invalid_request' });
    expect(signInOutcome({})).toEqual({ error: 'invalid_request' });
  });

  it('turns Cognito\u2019s first-sign-in-after-linking refusals into account_linked, and the trigger\u2019s others into their codes', () => {
    const linked = [
      'Already found an entry for username Google_1234567890',
      'PreSignUp failed with error CARTKIT_ACCOUNT_LINKED.',
    ];
    for (const description of linked) {
      expect(signInOutcome({ error: 'invalid_request', error_description: description })).toEqual({
        error: 'account_linked',
      });
    }
    expect(
      signInOutcome({
        error: 'invalid_request',
        error_description: 'PreSignUp failed with error CARTKIT_EMAIL_NOT_VERIFIED: x.',
      }),
    ).toEqual({ error: 'email_not_verified' });
    expect(
      signInOutcome({
        error: 'invalid_request',
        error_description: 'PreSignUp failed with error CARTKIT_EMAIL_MISSING: x.',
      }),
    ).toEqual({ error: 'email_missing' });
  });
});

describe('signInFragment', () => {
  it('writes the code or the error, and the state, URL-encoded', () => {
    expect(signInFragment({ code: 'c1' }, 'a.r.b')).toBe('cartkit-auth=c1&state=a.r.b');
    expect(signInFragment({ error: 'access_denied' }, 's=1')).toBe('cartkit-auth-error=access_denied&state=s%3D1');
  });
});
