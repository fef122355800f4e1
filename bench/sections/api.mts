// Section 1: the API's throughput and latency under concurrency, next to raw
// DynamoDB calls against the same DynamoDB Local, with the time split between
// the load generator, the stack process (gateway + handlers + pollers) and the
// DynamoDB Local JVM.
import { join } from 'node:path';
import { type ProfileSummary, summarizeProfile } from '../lib/cpuprofile.mjs';
import { httpClient } from '../lib/http-client.mjs';
import { closedLoop, type LoadResult } from '../lib/load.mjs';
import { round, summarize } from '../lib/stats.mjs';
import type { RemoteStack } from '../stack/remote-stack.mjs';
import { workers } from './api-workers.mjs';

export interface ApiRow {
  readonly id: string;
  readonly label: string;
  readonly kind: 'write' | 'read' | 'gateway';
  readonly opsPerSec: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly samples: number;
  readonly errors: number;
  readonly firstError?: string;
  /** CPU microseconds per successful operation, by process. */
  readonly cpuUsPerOp: { bench: number; stack: number; dynamodb: number; total: number };
}

export interface ApiResult {
  readonly concurrency: number;
  readonly rounds: number;
  readonly secondsPerRound: number;
  readonly streams: boolean;
  readonly rows: ApiRow[];
  readonly ratios: Record<string, number>;
  readonly profile?: ProfileSummary & { readonly row: string; readonly file: string };
}

export async function apiSection(options: {
  stack: RemoteStack;
  skus: readonly string[];
  concurrency: number;
  rounds: number;
  seconds: number;
  profileDir?: string;
  log: (line: string) => void;
}): Promise<ApiResult> {
  const { stack, concurrency, rounds, seconds, log } = options;
  Object.assign(process.env, stack.env, {
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    MUTATION_RATE_PER_MINUTE: '100000000',
    ANONYMOUS_RATE_PER_MINUTE: '10000000',
  });
  const { setDeps } = await import('../../packages/backend/src/runtime/deps.ts');
  setDeps(undefined); // real dependencies from the environment just set
  const { handler } = await import('../../packages/backend/src/handlers/cart-api.ts');
  const http = httpClient(stack.apiUrl, concurrency);
  const w = workers({ env: stack.env, skus: options.skus, concurrency, http, handler: handler as never });

  const plan = [
    { id: 'raw-update-trivial', label: 'raw UpdateItem, trivial', kind: 'write', worker: w.rawTrivial },
    { id: 'raw-update-cart', label: 'raw UpdateItem, cart-store shape', kind: 'write', worker: w.rawCartShape },
    { id: 'store-mutate', label: 'DynamoCartStore.mutate (store alone)', kind: 'write', worker: w.storeMutate },
    { id: 'handler-add', label: 'handler in-process, POST items', kind: 'write', worker: w.handlerAdd },
    { id: 'api-add', label: 'POST /cart/items over HTTP', kind: 'write', worker: w.apiAdd },
    { id: 'raw-get', label: 'raw GetItem (consistent)', kind: 'read', worker: w.rawGet },
    { id: 'handler-get', label: 'handler in-process, GET cart', kind: 'read', worker: w.handlerGet },
    { id: 'api-get', label: 'GET /cart over HTTP', kind: 'read', worker: w.apiGet },
    { id: 'gateway-config', label: 'gateway alone: GET /config', kind: 'gateway', worker: w.gatewayConfig },
  ] as const;
  const watch = { bench: process.pid, stack: stack.pid, ...(stack.dynamoPid ? { dynamodb: stack.dynamoPid } : {}) };
  const results = new Map<string, LoadResult[]>(plan.map((row) => [row.id, []]));

  // Warm-up: JIT, connection pools, the catalog cache, and carts of full size.
  log(`api: warm-up (${plan.length} rows x 1 s)`);
  for (const row of plan) await closedLoop({ concurrency, seconds: 1, worker: row.worker });
  for (let r = 0; r < rounds; r++) {
    // Alternate the order each round so no row always runs right after another.
    const order = r % 2 === 0 ? plan : [...plan].reverse();
    for (const row of order) {
      const result = await closedLoop({ concurrency, seconds, worker: row.worker, watch });
      results.get(row.id)?.push(result);
      log(
        `api: round ${r + 1}/${rounds} ${row.label.padEnd(38)} ${(result.ops / result.seconds).toFixed(0).padStart(6)} ops/s`,
      );
    }
  }

  let profile: ApiResult['profile'];
  if (options.profileDir) {
    const file = join(options.profileDir, 'stack-api-add.cpuprofile');
    log(`api: profiling the stack process during POST /cart/items (${seconds} s)`);
    await stack.profile(file, () => closedLoop({ concurrency, seconds, worker: w.apiAdd }));
    profile = { row: 'api-add', file, ...summarizeProfile(file) };
  }
  http.close();
  w.close();
  setDeps(undefined);

  const rows: ApiRow[] = plan.map((row) => {
    const runs = results.get(row.id) ?? [];
    const ops = runs.reduce((n, x) => n + x.ops, 0);
    const secs = runs.reduce((n, x) => n + x.seconds, 0);
    const latency = summarize(runs.flatMap((x) => x.latencies));
    const cpu = (name: string) =>
      round((runs.reduce((n, x) => n + (x.cpu[name] ?? Number.NaN), 0) * 1000) / Math.max(1, ops), 0);
    const firstError = runs.find((x) => x.firstError)?.firstError;
    const c = { bench: cpu('bench'), stack: cpu('stack'), dynamodb: cpu('dynamodb') };
    return {
      id: row.id,
      label: row.label,
      kind: row.kind,
      opsPerSec: round(ops / secs, 0),
      p50: round(latency.p50),
      p95: round(latency.p95),
      p99: round(latency.p99),
      samples: latency.n,
      errors: runs.reduce((n, x) => n + x.errors, 0),
      ...(firstError ? { firstError } : {}),
      cpuUsPerOp: { ...c, total: c.bench + c.stack + c.dynamodb },
    };
  });
  const rate = (id: string) => rows.find((row) => row.id === id)?.opsPerSec ?? Number.NaN;
  const ratio = (a: string, b: string) => round((rate(a) / rate(b)) * 100, 1);
  return {
    concurrency,
    rounds,
    secondsPerRound: seconds,
    streams: stack.streams,
    rows,
    ratios: {
      'POST /cart/items over HTTP / raw UpdateItem cart-store shape (%)': ratio('api-add', 'raw-update-cart'),
      'POST /cart/items over HTTP / raw UpdateItem trivial (%)': ratio('api-add', 'raw-update-trivial'),
      'handler in-process POST / raw UpdateItem cart-store shape (%)': ratio('handler-add', 'raw-update-cart'),
      'POST over HTTP / handler in-process POST (%)': ratio('api-add', 'handler-add'),
      'GET /cart over HTTP / raw GetItem (%)': ratio('api-get', 'raw-get'),
      'handler in-process GET / raw GetItem (%)': ratio('handler-get', 'raw-get'),
    },
    ...(profile ? { profile } : {}),
  };
}
