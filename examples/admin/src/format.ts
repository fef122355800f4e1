import { isCartError } from '@cartkit/cart-sdk/admin';

/** Minor units to a shown amount in `currency` (the shop's; two decimals assumed for input). */
export function money(minor: number, currency = 'USD'): string {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).format(minor / 100);
}

/** "19.99" → 1999, exactly (no floats); undefined for an empty field; throws for anything else. */
export function parseMoney(text: string, label: string): number | undefined {
  const value = text.trim();
  if (value === '') return undefined;
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(value);
  if (!match) throw new Error(`${label}: "${value}" is not an amount like 19.99`);
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** A whole number, or undefined for an empty field. */
export function parseWhole(text: string, label: string, { allowNegative = false } = {}): number | undefined {
  const value = text.trim();
  if (value === '') return undefined;
  if (!(allowNegative ? /^-?\d{1,9}$/ : /^\d{1,9}$/).test(value)) {
    throw new Error(`${label}: "${value}" is not a whole number`);
  }
  return Number(value);
}

export function when(iso: string | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
}

/** What a failure says to the admin: the problem's detail and field errors, else the message. */
export function explain(error: unknown): string {
  if (isCartError(error)) {
    const problem = error.problem;
    const fields = problem?.errors?.map((e) => `${e.path}: ${e.message}`).join('; ');
    if (error.code === 'FORBIDDEN') return 'This account is not a shop admin (it needs the Cognito group "admin").';
    if (error.code === 'UNAUTHORIZED') return 'Your session ended: sign in again.';
    return [problem?.detail ?? problem?.title ?? error.message, fields].filter(Boolean).join(' — ');
  }
  return error instanceof Error ? error.message : String(error);
}
