// Section 4: the element in Chromium, and the bundles a page downloads. Calls
// the packages' own measurements (cart-element/scripts/bench.mjs for sizes and
// click-to-DOM, cart-sdk/scripts/size.mjs for the SDK alone), imported rather
// than run and parsed, so the numbers are measured one way only.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cdnSizes, clickToDom } from '../../packages/cart-element/scripts/bench.mjs';
import { sdkSize } from '../../packages/cart-sdk/scripts/size.mjs';

const ELEMENT = fileURLToPath(new URL('../../packages/cart-element/', import.meta.url));

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
  /** The packages' own reports, as their CLIs print them. */
  readonly raw: { element: string; sdkSize: string };
}

/** Kilobytes with one decimal, as the packages' reports print them. */
const kb = (bytes: number) => Number((bytes / 1024).toFixed(1));
/** Milliseconds with two decimals, as the element's report prints them. */
const ms = (value: number) => Number(value.toFixed(2));

export async function browserSection(options: { clicks: number; log: (line: string) => void }): Promise<BrowserResult> {
  if (!existsSync(`${ELEMENT}dist/cdn/shopping-cart.js`)) {
    throw new Error('packages/cart-element/dist/cdn is missing: run `pnpm --filter @cartkit/cart-element build` first');
  }
  const latency = 300;
  const sizes = cdnSizes();
  const clicks = await clickToDom({ runs: options.clicks, latency });
  const sdk = await sdkSize();
  const result: BrowserResult = {
    clicks: options.clicks,
    apiLatencyMs: latency,
    clickToDomP50: ms(clicks.p50),
    clickToDomP95: ms(clicks.p95),
    clickToDomMax: ms(clicks.max),
    drawerFirstMs: ms(clicks.drawerFirst),
    drawerMedianMs: ms(clicks.drawerMedian),
    elementEntryGzipKb: kb(sizes.entryGzip),
    elementInitialGzipKb: kb(sizes.initialGzip),
    elementSignInChunksGzipKb: kb(sizes.signInGzip),
    sdkCoreGzipKb: kb(sdk.core.gz),
    sdkAuthChunkGzipKb: kb(sdk.auth.gz),
    raw: { element: [...sizes.lines, ...clicks.lines].join('\n'), sdkSize: sdk.lines.join('\n') },
  };
  options.log(
    `browser: click-to-DOM p50 ${result.clickToDomP50} ms p95 ${result.clickToDomP95} ms; element initial ${result.elementInitialGzipKb} KB gz, sign-in chunks ${result.elementSignInChunksGzipKb} KB gz`,
  );
  return result;
}
