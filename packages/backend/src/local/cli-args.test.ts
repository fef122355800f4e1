import { describe, expect, it } from 'vitest';
import { parseCliArgs, paymentFor } from './cli-args.js';

describe('pnpm start arguments', () => {
  it('defaults to in memory', () => {
    expect(parseCliArgs([])).toEqual({ persistDir: undefined, quiet: false, help: false });
  });

  it.each([[['--persist', '.data']], [['--persist=.data']]])('reads %j', (argv) => {
    expect(parseCliArgs(argv).persistDir).toBe('.data');
  });

  it.each([[['--persist']], [['--persist', '--quiet']], [['--nope']]])('refuses %j with one line', (argv) => {
    expect(() => parseCliArgs(argv)).toThrow(/^(--persist needs a folder|unknown argument --nope \(try --help\))$/);
  });

  it.each([[['--payment', 'none']], [['--payment=none']]])('reads %j', (argv) => {
    expect(parseCliArgs(argv).payment).toBe('none');
  });

  it.each([[['--payment']], [['--payment', 'paypal']], [['--payment=']]])('refuses %j', (argv) => {
    expect(() => parseCliArgs(argv)).toThrow('--payment must be stripe or none');
  });
});

describe('the payment pnpm start runs with', () => {
  it('is the local Stripe by default, PAYMENT_PROVIDER over that, and --payment over both', () => {
    expect(paymentFor(parseCliArgs([]), {})).toBe('stripe');
    expect(paymentFor(parseCliArgs([]), { PAYMENT_PROVIDER: 'none' })).toBe('none');
    expect(paymentFor(parseCliArgs(['--payment', 'stripe']), { PAYMENT_PROVIDER: 'none' })).toBe('stripe');
    expect(paymentFor(parseCliArgs(['--payment', 'none']), {})).toBe('none');
    expect(() => paymentFor(parseCliArgs([]), { PAYMENT_PROVIDER: 'paypal' })).toThrow(/PAYMENT_PROVIDER/);
  });
});
