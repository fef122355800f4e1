// Section 4: the element in Chromium, and the bundles a page downloads. Runs
// the packages' own scripts (cart-element/scripts/bench.mjs for sizes and
// click-to-DOM, cart-sdk/scripts/size.mjs for the SDK alone) and parses what
// they print, so the numbers are measured one way only.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ELEMENT = fileURLToPath(new URL('../../packages/cart-element/', import.meta.url));
const SDK = fileURLToPath(new URL('../../packages/cart-sdk/', import.meta.url));

export interface BrowserResult {
  readonly clicks: number;
  readonly apiLatencyMs: number;
  readonly clickToDomP50: number;
  readonly clickToDomP95: number;
  readonly clickToDomMax: number;
  /** An add that also opens the drawer: the first (slowest) of 10, and their median. */
  readonly drawerFirstMs: number;
  readonly drawerMedianMs: number;
  readonly elementEntryGzipKb: number;
  readonly elementInitialGzipKb: number;
  readonly elementSignInChunksGzipKb: number;
  readonly sdkCoreGzipKb: number;
  readonly sdkAuthChunkGzipKb: number;
  readonly raw: { element: string; sdkSize: string };
}

function run(script: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [script, ...args],
      { cwd, timeout: 240_000, maxBuffer: 1 << 20 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${script} failed: ${error.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

function number(text: string, pattern: RegExp, what: string): number {
  const match = pattern.exec(text);
  if (!match?.[1]) throw new Error(`could not read ${what} from:\n${text}`);
  return Number(match[1]);
}

export async function browserSection(options: { clicks: number; log: (line: string) => void }): Promise<BrowserResult> {
  if (!existsSync(`${ELEMENT}dist/cdn/shopping-cart.js`)) {
    throw new Error('packages/cart-element/dist/cdn is missing: run `pnpm --filter @cartkit/cart-element build` first');
  }
  const latency = 300;
  const element = await run(
    'scripts/bench.mjs',
    ['--runs', String(options.clicks), '--latency', String(latency)],
    ELEMENT,
  );
  const sdkSize = await run('scripts/size.mjs', [], SDK);
  const result: BrowserResult = {
    clicks: options.clicks,
    apiLatencyMs: latency,
    clickToDomP50: number(element, /click-to-DOM[^\n]*\n\s*p50 ([\d.]+) ms/, 'click p50'),
    clickToDomP95: number(element, /click-to-DOM[^\n]*\n[^\n]*p95 ([\d.]+) ms/, 'click p95'),
    clickToDomMax: number(element, /click-to-DOM[^\n]*\n[^\n]*max ([\d.]+) ms/, 'click max'),
    drawerFirstMs: number(element, /opens the drawer[^:]*: first ([\d.]+) ms/, 'drawer first'),
    drawerMedianMs: number(element, /opens the drawer[^\n]*median ([\d.]+) ms/, 'drawer median'),
    elementEntryGzipKb: number(element, /entry shopping-cart\.js\s+([\d.]+) KB/, 'entry size'),
    elementInitialGzipKb: number(element, /initial load \(entry \+ static deps\) ([\d.]+) KB/, 'initial size'),
    elementSignInChunksGzipKb: number(
      element,
      /sign-in on first open \(panel \+ Cognito\) ([\d.]+) KB/,
      'sign-in chunks',
    ),
    sdkCoreGzipKb: number(sdkSize, /SDK without auth chunk:[^,]*, ([\d.]+) KB min\+gzip/, 'SDK core'),
    sdkAuthChunkGzipKb: number(sdkSize, /auth chunk\(s\) alone:[^,]*, ([\d.]+) KB min\+gzip/, 'SDK auth chunk'),
    raw: { element: element.trim(), sdkSize: sdkSize.trim() },
  };
  options.log(
    `browser: click-to-DOM p50 ${result.clickToDomP50} ms p95 ${result.clickToDomP95} ms; element initial ${result.elementInitialGzipKb} KB gz, sign-in chunks ${result.elementSignInChunksGzipKb} KB gz`,
  );
  return result;
}
