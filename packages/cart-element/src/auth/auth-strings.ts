/**
 * The strings only the sign-in panel shows. Their defaults live in the panel's
 * lazy chunk, so shoppers who never open sign-in never download them; replace
 * them like any other string (`cart.setStrings({ errorSignIn: '…' })`).
 */
export interface AuthStrings {
  signUp: string;
  forgotPassword: string;
  password: string;
  newPassword: string;
  code: string;
  confirm: string;
  resetPassword: string;
  codeSent: string;
  passwordReset: string;
  noAccount: string;
  haveAccount: string;
  confirmTitle: string;
  enterCode: string;
  resendCode: string;
  codeResent: string;
  resetCodeSent: string;
  confirmFirst: string;
  accountConfirmed: string;
  resetRequired: string;
  errorSignIn: string;
  errorCode: string;
  errorPasswordPolicy: string;
  errorCheckInput: string;
  errorTooManyAttempts: string;
  errorAccountUnsupported: string;
  errorEmailRequired: string;
  /** A provider's button in the sign-in and sign-up views: `{name}` is the provider's own name. */
  continueWith: string;
  /** Between the provider buttons and the email form. */
  orWithEmail: string;
  /** A provider sign-in that did not finish (refused, cancelled, or the hosted sign-in unreachable). */
  errorProviderSignIn: string;
  /** The provider shared no email address (`email_missing`). */
  errorProviderEmailMissing: string;
  /** The provider has not verified the address (`email_not_verified`). */
  errorProviderEmailUnverified: string;
}

/**
 * The English defaults. None of them says whether an address has an account:
 * sign-in, sign-up, reset and resend answer the same either way.
 */
export const defaultAuthStrings: AuthStrings = {
  signUp: 'Create account',
  forgotPassword: 'Forgot password?',
  password: 'Password',
  newPassword: 'New password',
  code: 'Verification code',
  confirm: 'Confirm',
  resetPassword: 'Reset password',
  codeSent: 'We sent a code to {email}. No code? You may already have an account: sign in, or reset your password.',
  passwordReset: 'Password changed. Sign in with your new password.',
  noAccount: 'New here? Create an account',
  haveAccount: 'Have an account? Sign in',
  confirmTitle: 'Confirm your email',
  enterCode: 'Have a code? Enter it',
  resendCode: 'Send a new code',
  codeResent: 'If {email} is waiting for a code, we sent a new one.',
  resetCodeSent: 'If an account exists for {email}, we sent a code to reset its password.',
  confirmFirst: 'Enter the code we emailed to {email} to finish creating your account.',
  accountConfirmed: 'Your account is ready. Sign in to continue.',
  resetRequired: 'Please set a new password to continue: we can email you a code.',
  errorSignIn: 'Email or password is incorrect.',
  errorCode: "That code didn't work. Check it, or send a new code.",
  errorPasswordPolicy:
    'Choose a stronger password: at least 8 characters, with upper- and lower-case letters, a number and a symbol.',
  errorCheckInput: 'Check the email address and password, then try again.',
  errorTooManyAttempts: 'Too many attempts. Please wait a few minutes, then try again.',
  errorAccountUnsupported: "This account can't sign in here. Please contact the shop.",
  errorEmailRequired: 'Enter your email address first.',
  continueWith: 'Continue with {name}',
  orWithEmail: 'or use your email',
  errorProviderSignIn: "Signing in didn't work this time. Please try again.",
  errorProviderEmailMissing: "The provider didn't share your email address with the shop. Please sign in another way.",
  errorProviderEmailUnverified:
    "Your email address isn't verified with that provider yet. Verify it there, or sign in another way.",
};
