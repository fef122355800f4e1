import type { CartStrings } from '../strings.js';

/** The auth panel's forms. */
export type AuthMode = 'signIn' | 'signUp' | 'confirm' | 'forgot' | 'reset';

/** One input of an auth form. */
export interface AuthField {
  readonly name: 'email' | 'password' | 'code';
  readonly type: 'email' | 'password' | 'text';
  readonly label: keyof CartStrings;
  readonly autocomplete: string;
}

/** One auth form: its fields, title, submit label and the links to other forms. */
export interface AuthForm {
  readonly title: keyof CartStrings;
  readonly submit: keyof CartStrings;
  readonly fields: readonly AuthField[];
  readonly links: readonly { mode: AuthMode; label: keyof CartStrings }[];
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

/** The forms as data, so the panel renders them with one template. */
export const authForms: Record<AuthMode, AuthForm> = {
  signIn: {
    title: 'signIn',
    submit: 'signIn',
    fields: [email, password],
    links: [
      { mode: 'forgot', label: 'forgotPassword' },
      { mode: 'signUp', label: 'noAccount' },
    ],
  },
  signUp: {
    title: 'signUp',
    submit: 'signUp',
    fields: [email, newPassword],
    links: [{ mode: 'signIn', label: 'haveAccount' }],
  },
  confirm: {
    title: 'signUp',
    submit: 'confirm',
    fields: [email, code],
    links: [{ mode: 'signIn', label: 'haveAccount' }],
  },
  forgot: {
    title: 'resetPassword',
    submit: 'resetPassword',
    fields: [email],
    links: [{ mode: 'signIn', label: 'haveAccount' }],
  },
  reset: {
    title: 'resetPassword',
    submit: 'resetPassword',
    fields: [email, code, newPassword],
    links: [{ mode: 'signIn', label: 'haveAccount' }],
  },
};
