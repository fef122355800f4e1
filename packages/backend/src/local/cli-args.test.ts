import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './cli-args.js';

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
});
