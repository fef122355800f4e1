// Turns results.json into the tables `pnpm bench` prints (and README.md quotes).
import { relative } from 'node:path';
import type { Machine } from './lib/machine.mjs';
import { table, verdict } from './lib/table.mjs';
import type { ApiResult } from './sections/api.mjs';
import type { BrowserResult } from './sections/browser.mjs';
import type { BundleRow } from './sections/bundles.mjs';
import type { CheckoutResult } from './sections/checkout.mjs';
import type { CostResult } from './sections/cost.mjs';
import type { OverheadRow } from './sections/handler-overhead.mjs';
import type { RealtimeResult } from './sections/realtime.mjs';
import type { SdkRow } from './sections/sdk.mjs';

export interface Results {
  startedAt: string;
  machineAtStart: Machine;
  machineAtEnd: Machine;
  totalSeconds: number;
  handlerOverhead?: OverheadRow[];
  bundles?: BundleRow[];
  sdk?: SdkRow[];
  browser?: BrowserResult;
  realtime?: RealtimeResult;
  api?: ApiResult;
  checkout?: CheckoutResult;
  cost?: CostResult;
}

const TARGETS = { apiShare: 80, bundleKb: 250, initMs: 50, clickP95: 16, sizeVsRef: 1.25, initVsRef: 1.2 };
/** The yardstick of the ratio targets (issue 13): every function within 1.25x its size, 1.2x its init time. */
const DYNAMODB_REF = 'ref: DynamoDB-only';

export function printReport(r: Results): string {
  const out: string[] = [];
  const m = r.machineAtStart;
  out.push(
    `cartkit bench, ${r.startedAt}: ${m.cores} cores (${m.cpuModel}), ${m.memoryGb} GB, node ${m.node}, ${m.platform}; ` +
      `load average ${m.loadAverage.join(' ')} at start, ${r.machineAtEnd.loadAverage.join(' ')} at end; ${r.totalSeconds} s`,
  );
  if (r.api) {
    const a = r.api;
    out.push(
      '',
      `1. API vs raw DynamoDB Local: closed loop, concurrency ${a.concurrency}, ${a.rounds} alternating rounds of ${a.secondsPerRound} s per row; stream processing ${a.streams ? 'on' : 'off'}`,
      '   CPU µs/op: load generator (bench), stack process (gateway + handlers + pollers), DynamoDB Local JVM',
      table(
        ['row', 'ops/s', 'p50 ms', 'p95 ms', 'p99 ms', 'err', 'cpu bench', 'cpu stack', 'cpu ddb', 'cpu total'],
        a.rows.map((x) => [
          x.label,
          x.opsPerSec,
          x.p50,
          x.p95,
          x.p99,
          x.errors,
          x.cpuUsPerOp.bench,
          x.cpuUsPerOp.stack,
          x.cpuUsPerOp.dynamodb,
          x.cpuUsPerOp.total,
        ]),
      ),
      table(
        ['ratio', '%', `target >= ${TARGETS.apiShare}%`],
        Object.entries(a.ratios).map(([name, value], i) => [
          name,
          value,
          i === 0 ? verdict(value >= TARGETS.apiShare) : '',
        ]),
      ),
    );
    if (a.profile) {
      out.push(
        `   stack process CPU profile during POST /cart/items (${a.profile.busyMs} ms busy of ${a.profile.sampledMs} ms sampled; ${repoPath(a.profile.file)}):`,
        table(
          ['where the stack process spends its CPU', 'ms', '%'],
          a.profile.byCategory.filter((c) => c.percent >= 0.5).map((c) => [c.category, c.ms, c.percent]),
        ),
      );
    }
  }
  if (r.handlerOverhead) {
    out.push(
      '',
      '2a. cart-api handler in-process, in-memory CartStore + Catalog (no I/O), sequential calls',
      table(
        ['route', 'calls', 'p50 µs', 'p95 µs', 'p99 µs', 'mean µs'],
        r.handlerOverhead.map((x) => [x.route, x.calls, x.p50Us, x.p95Us, x.p99Us, x.meanUs]),
      ),
    );
  }
  if (r.bundles) {
    const ref = r.bundles.find((b) => b.handler === DYNAMODB_REF);
    const ratio = (value: number, of: number | undefined) =>
      of !== undefined && Number.isFinite(value) && of > 0 ? Math.round((value / of) * 100) / 100 : Number.NaN;
    out.push(
      '',
      `2b. Lambda bundles as cdk/functions.ts builds them (esbuild, ESM, node22, minified, AWS SDK bundled); init = median import time in a fresh node (${r.bundles[0]?.initRuns} runs)`,
      table(
        [
          'handler',
          'min KB',
          'gzip KB',
          `< ${TARGETS.bundleKb} KB`,
          'init ms',
          `< ${TARGETS.initMs} ms`,
          'size / ref',
          `<= ${TARGETS.sizeVsRef}x`,
          'init / ref',
          `<= ${TARGETS.initVsRef}x`,
          'largest inputs (KB)',
        ],
        r.bundles.map((b) => [
          b.handler,
          b.minifiedKb,
          b.gzipKb,
          b.reference ? '(ref)' : verdict(b.minifiedKb < TARGETS.bundleKb),
          Number.isFinite(b.initMs ?? Number.NaN) ? b.initMs : 'n/a',
          b.reference ? '(ref)' : verdict(b.initMs < TARGETS.initMs),
          b.reference ? '(ref)' : ratio(b.minifiedKb, ref?.minifiedKb),
          b.reference ? '(ref)' : verdict(ratio(b.minifiedKb, ref?.minifiedKb) <= TARGETS.sizeVsRef),
          b.reference ? '(ref)' : ratio(b.initMs, ref?.initMs),
          b.reference ? '(ref)' : verdict(ratio(b.initMs, ref?.initMs) <= TARGETS.initVsRef),
          b.topInputs
            .slice(0, 3)
            .map((i) => `${i.input} ${i.kb}`)
            .join(', '),
        ]),
      ),
    );
  }
  if (r.realtime) {
    const x = r.realtime;
    out.push(
      '',
      `3. Realtime: POST /cart/items -> cart.updated on a second socket (?cartToken=), ${x.mutations} mutations, missed ${x.missed}`,
      table(
        ['', 'p50 ms', 'p95 ms', 'p99 ms'],
        [
          ['POST sent -> cart.updated received', x.pushP50, x.pushP95, x.pushP99],
          ['POST sent -> HTTP response', x.httpP50, x.httpP95, ''],
        ],
      ),
    );
  }
  if (r.browser) {
    const b = r.browser;
    out.push(
      '',
      `4. Browser (Chromium, playwright-core): click -> badge updated, API answering after ${b.apiLatencyMs} ms, ${b.clicks} clicks`,
      table(
        ['measure', 'value', 'target'],
        [
          ['click-to-DOM p50 (ms)', b.clickToDomP50, ''],
          [
            'click-to-DOM p95 (ms)',
            b.clickToDomP95,
            `< ${TARGETS.clickP95}: ${verdict(b.clickToDomP95 < TARGETS.clickP95)}`,
          ],
          ['click-to-DOM max (ms)', b.clickToDomMax, ''],
          ['add that opens the drawer, first / median (ms)', `${b.drawerFirstMs} / ${b.drawerMedianMs}`, ''],
          ['element entry, gzip (KB)', b.elementEntryGzipKb, ''],
          [
            'element initial load (entry + static deps), gzip (KB)',
            b.elementInitialGzipKb,
            `< 25 (element's own budget): ${verdict(b.elementInitialGzipKb < 25)}`,
          ],
          ['element sign-in chunks (auth panel + Cognito), gzip (KB)', b.elementSignInChunksGzipKb, 'lazy'],
          ['SDK alone without auth chunk, gzip (KB)', b.sdkCoreGzipKb, ''],
          ['SDK auth chunk, gzip (KB)', b.sdkAuthChunkGzipKb, 'lazy'],
        ],
      ),
    );
  }
  if (r.checkout) {
    const c = r.checkout;
    const ms = (n: number) => Math.round(n);
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} (${bytes} B)`;
    const row = (label: string, s: { n: number; p50: number; p95: number; max: number }) => [
      label,
      s.n,
      ms(s.p50),
      ms(s.p95),
      ms(s.max),
    ];
    out.push(
      '',
      `6. Checkout to PAID, online payment on (local Stripe stand-in, webhooks signed and delivered over HTTP); ${c.orders} orders per row`,
      table(
        ['', 'n', 'p50 ms', 'p95 ms', 'max ms'],
        [
          row('Chromium: "Pay" pressed -> order view shows PAID', c.payToPaid),
          row('  of which "Pay" -> payment page loaded', c.payToPaymentPage),
          row("  of which payment page's Pay -> order view PAID", c.hostedPayToPaid),
          row(`HTTP: placement -> AWAITING_PAYMENT (polled every ${c.pollMs} ms)`, c.placementToAwaiting),
          row('HTTP: POST /cart/checkout -> 202', c.placementHttp),
        ],
      ),
      table(
        ['element bundle', 'gzip KB', 'loaded'],
        [
          ['first load (entry + static deps)', kb(c.elementInitialGzipBytes), 'with the page (budget 25 KB)'],
          [
            'drawer chunk (lines, checkout flow, order views)',
            kb(c.drawerChunkGzipBytes),
            'first open, or hover/focus on the toggle',
          ],
          [
            'SDK checkout chunk (quote, checkout, orders)',
            kb(c.sdkCheckoutChunkGzipBytes),
            'first quote or order read',
          ],
        ],
      ),
    );
  }
  if (r.sdk) {
    out.push(
      '',
      '5. SDK alone: add() -> store listener sees the new state, vs a naive client (fetch, await JSON, set state)',
      table(
        ['server delay', 'n', 'SDK p50 ms', 'SDK p95 ms', 'naive p50 ms', 'naive p95 ms', 'SDK confirmed p50 ms'],
        r.sdk.map((x) => [
          `${x.delayMs} ms`,
          x.iterations,
          x.sdkP50,
          x.sdkP95,
          x.naiveP50,
          x.naiveP95,
          x.sdkConfirmedP50,
        ]),
      ),
    );
  }
  if (r.cost) out.push('', costReport(r.cost));
  return out.join('\n');
}

/** Section 6's tables: units and requests per operation, dollars per million, and checkout by function. */
export function costReport(c: CostResult): string {
  const n = (x: number) => Math.round(x * 100) / 100;
  const lambda = (inv: Record<string, number>) => n(Object.values(inv).reduce((a, b) => a + b, 0));
  const out = [
    `6. Cost per operation, measured through the API on the local stack (ReturnConsumedCapacity: TOTAL on every DynamoDB call the handlers make;`,
    `   carts have seen ${c.keyedRequestsBeforeMeasuring} keyed requests first: full key memory). WRU/RRU: all functions the operation set off, as AWS bills them`,
    `   (transactions at 2 per KB and item, Puts sized, other items taken as < 1 KB; empty reads at 0.5; catalog scans left out); "stream" = the stream processor's share; $ at docs/deploy.md's list prices.`,
    table(
      [
        'operation',
        'lines',
        'sockets',
        'WRU',
        'RRU',
        'WRU stream',
        'RRU stream',
        'refused writes',
        'item B',
        'Lambda inv',
        'SQS req',
        'WS msg',
        '$ / M ops',
      ],
      c.rows.map((r) => [
        r.operation,
        r.lines,
        r.sockets,
        n(r.usage.writeUnits),
        n(r.usage.readUnits),
        n(r.usage.byFunction['stream-processor']?.writeUnits ?? 0),
        n(r.usage.byFunction['stream-processor']?.readUnits ?? 0),
        n(r.usage.refusedWrites),
        r.itemBytes || '',
        lambda(r.usage.invocations),
        n(r.usage.sqsRequests),
        n(r.usage.websocketMessages),
        r.dollarsPerMillion,
      ]),
    ),
  ];
  const checkout = c.rows.filter((r) => r.operation.startsWith('checkout'));
  if (checkout.length > 0) {
    out.push(
      '   checkout -> PAID by function (write units / read units / invocations):',
      table(
        ['lines', ...Object.keys(checkout.at(-1)?.usage.invocations ?? {})],
        checkout.map((r) => [
          r.lines,
          ...Object.keys(checkout.at(-1)?.usage.invocations ?? {}).map((fn) => {
            const f = r.usage.byFunction[fn];
            return `${n(f?.writeUnits ?? 0)} / ${n(f?.readUnits ?? 0)} / ${n(r.usage.invocations[fn] ?? 0)}`;
          }),
        ]),
      ),
      `   emails per order: ${checkout.map((r) => n(r.usage.emails)).join(', ')}`,
    );
  }
  return out.join('\n');
}

/** A file's path from the repository root, so a report pasted into a README names no machine's folders. */
function repoPath(file: string): string {
  return relative(new URL('..', import.meta.url).pathname, file);
}
