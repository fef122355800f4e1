import type { PanelStrings } from './auth-errors.js';

/** The auth panel's forms. */
export type AuthMode = 'signIn' | 'signUp' | 'confirm' | 'forgot' | 'reset';

/** One input of an auth form. */
export interface AuthField {
  readonly name: 'email' | 'password' | 'code';
  readonly type: 'email' | 'password' | 'text';
  readonly label: keyof PanelStrings;
  readonly autocomplete: string;
}

/** A link under a form: to another form, or "send a new code" for this one. */
export type AuthLink =
  | { readonly mode: AuthMode; readonly label: keyof PanelStrings }
  | { readonly resend: true; readonly label: keyof PanelStrings };

/** One auth form: its fields, title, submit label and the links under it. */
export interface AuthForm {
  readonly title: keyof PanelStrings;
  readonly submit: keyof PanelStrings;
  readonly fields: readonly AuthField[];
  readonly links: readonly AuthLink[];
}

const email: AuthField = { name: 'email', type: 'email', label: 'email', autocomplete: 'email' };
const password: AuthField = { name: 'password', type: 'password', label: 'password', autocomplete: 'current-password' };
const newPassword: AuthField = {
  name: 'password',
  type: 'password',
  label: 'newPassword',
  autocomplete: 'new-password',
};
const code: AuthField = { name: 'code', type: 'text', label: 'code', autocomplete: 'one-time-code' };

const toSignIn: AuthLink = { mode: 'signIn', label: 'haveAccount' };
const toConfirm: AuthLink = { mode: 'confirm', label: 'enterCode' };
const resend: AuthLink = { resend: true, label: 'resendCode' };

/**
 * The forms as data, so the panel renders them with one template. Every form
 * renders fresh inputs (the panel keys the form by mode): a value typed in one
 * form, a password above all, never shows up in another's field.
 */
export const authForms: Record<AuthMode, AuthForm> = {
  signIn: {
    title: 'signIn',
    submit: 'signIn',
    fields: [email, password],
    links: [{ mode: 'forgot', label: 'forgotPassword' }, { mode: 'signUp', label: 'noAccount' }, toConfirm],
  },
  signUp: {
    title: 'signUp',
    submit: 'signUp',
    fields: [email, newPassword],
    links: [toSignIn, toConfirm],
  },
  confirm: {
    title: 'confirmTitle',
    submit: 'confirm',
    fields: [email, code],
    links: [resend, toSignIn],
  },
  forgot: {
    title: 'resetPassword',
    submit: 'resetPassword',
    fields: [email],
    links: [toSignIn],
  },
  reset: {
    title: 'resetPassword',
    submit: 'resetPassword',
    fields: [email, code, newPassword],
    links: [resend, toSignIn],
  },
};
