// Measures how soon a shopper sees the storefront: first-contentful-paint and
// the time until the product grid is rendered (the page's own
// `cartkit:products-rendered` performance mark), cold (a new browser context:
// empty HTTP cache) and warm (the same context, loaded again). Prints medians
// of RUNS runs as numbers; asserts nothing.
//
//   pnpm --filter @cartkit/storefront bench:render            # starts its own local stack
//   CARTKIT_E2E_URL=http://localhost:3000 pnpm … bench:render  # against a running one
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../../../scripts/chromium.mjs';

const RUNS = Number(process.env.RUNS ?? 7);

type Sample = { fcp: number; products: number };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function measure(page: import('playwright-core').Page): Promise<Sample> {
  await page.locator('#products[data-state=ready]').waitFor();
  return page.evaluate(async () => {
    // FCP is reported asynchronously; wait for it if it is not in the buffer yet.
    const fcp = await new Promise<number>((resolve) => {
      const found = performance.getEntriesByName('first-contentful-paint')[0];
      if (found) return resolve(found.startTime);
      new PerformanceObserver((list) => resolve(list.getEntries()[0]!.startTime)).observe({
        type: 'paint',
        buffered: true,
      });
    });
    const products = performance.getEntriesByName('cartkit:products-rendered')[0]?.startTime ?? Number.NaN;
    return { fcp, products };
  });
}

let stop = async () => {};
let base = process.env.CARTKIT_E2E_URL;
if (!base) {
  const { startLocalStack } = await import('../../../packages/backend/src/local/stack.ts');
  const stack = await startLocalStack({ port: 0, quiet: true });
  base = new URL(stack.apiUrl).origin;
  stop = () => stack.stop();
}

const browser = await chromium.launch(chromiumLaunchOptions());
try {
  const url = `${base}/storefront/`;
  // One throwaway load so the server's handlers are loaded and JIT-warm: we measure the page, not the emulator's start.
  const warmup = await browser.newContext();
  const warmupPage = await warmup.newPage();
  await warmupPage.goto(url);
  await measure(warmupPage);
  await warmup.close();

  const cold: Sample[] = [];
  const warm: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(url);
    cold.push(await measure(page));
    await page.goto(url); // same context: HTTP cache warm (revalidated with ETags), module cache warm
    warm.push(await measure(page));
    await context.close();
  }
  const row = (name: string, samples: Sample[]) =>
    console.log(
      `${name.padEnd(5)} first-contentful-paint ${median(samples.map((s) => s.fcp))
        .toFixed(0)
        .padStart(5)} ms   products rendered ${median(samples.map((s) => s.products))
        .toFixed(0)
        .padStart(5)} ms`,
    );
  console.log(`storefront first render, median of ${RUNS} runs (${url})`);
  row('cold', cold);
  row('warm', warm);
} finally {
  await browser.close();
  await stop();
}
