// Section 5: the SDK alone, against a server that answers cart mutations
// after N ms: time from calling add() to a store listener seeing the new
// state, next to a naive client without optimism. The measurement is the
// SDK package's own (packages/cart-sdk/scripts/bench-add.ts), imported, so
// it is written once; this file only summarises its samples.
import { benchAdd } from '../../packages/cart-sdk/scripts/bench-add.ts';
import { round, summarize } from '../lib/stats.mjs';

export interface SdkRow {
  readonly delayMs: number;
  readonly iterations: number;
  readonly sdkP50: number;
  readonly sdkP95: number;
  readonly naiveP50: number;
  readonly naiveP95: number;
  /** add() until its promise settles with the server's cart (ms). */
  readonly sdkConfirmedP50: number;
}

export async function sdkSection(options: {
  delays: readonly number[];
  iterations: number;
  log: (line: string) => void;
}): Promise<SdkRow[]> {
  const rows: SdkRow[] = [];
  await benchAdd({
    delays: options.delays,
    iterations: options.iterations,
    onRow(r) {
      const a = summarize(r.sdkSeen);
      const b = summarize(r.naiveSeen);
      const row: SdkRow = {
        delayMs: r.delayMs,
        iterations: r.iterations,
        sdkP50: round(a.p50),
        sdkP95: round(a.p95),
        naiveP50: round(b.p50),
        naiveP95: round(b.p95),
        sdkConfirmedP50: round(summarize(r.sdkConfirmed).p50),
      };
      options.log(
        `sdk: server ${row.delayMs} ms: SDK listener p50 ${row.sdkP50} ms p95 ${row.sdkP95} ms; naive p50 ${row.naiveP50} ms p95 ${row.naiveP95} ms`,
      );
      rows.push(row);
    },
  });
  return rows;
}
