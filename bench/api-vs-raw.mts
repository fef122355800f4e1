// Throughput of POST /cart/items through the local gateway and the real
// cart-api handler, next to raw UpdateItem calls against the same DynamoDB
// Local, measured in one run, in alternating rounds, at the same concurrency.
// Usage: node --import tsx bench/api-vs-raw.mts [--seconds 5] [--rounds 3] [--concurrency 16]
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '16' },
  },
});
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const concurrency = Number(values.concurrency);

process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
process.env.ANONYMOUS_RATE_PER_MINUTE = '100000';
process.env.MUTATION_RATE_PER_MINUTE = '1000000';
const { startLocalStack } = await import('../packages/backend/src/local/stack.ts');
const { default: catalog } = await import('../packages/backend/data/catalog.json', { with: { type: 'json' } });
const skus = (catalog as { sku: string; stock: number }[]).filter((p) => p.stock > 0).map((p) => p.sku);

const stack = await startLocalStack({ port: 0, quiet: true });
const db = DynamoDBDocumentClient.from(
  new DynamoDBClient({ region: 'us-east-1', endpoint: stack.env.DYNAMODB_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
);
const table = stack.env.CARTS_TABLE;

interface Result {
  ops: number;
  errors: number;
  latencies: number[];
}

async function runFor(worker: (id: number, i: number) => Promise<boolean>): Promise<Result> {
  const deadline = performance.now() + seconds * 1000;
  const result: Result = { ops: 0, errors: 0, latencies: [] };
  await Promise.all(
    Array.from({ length: concurrency }, async (_, id) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const start = performance.now();
        const ok = await worker(id, i);
        result.latencies.push(performance.now() - start);
        if (ok) result.ops++;
        else result.errors++;
      }
    }),
  );
  return result;
}

async function newToken(): Promise<string> {
  const response = await fetch(`${stack.apiUrl}/cart/anonymous`, { method: 'POST' });
  return ((await response.json()) as { cartToken: string }).cartToken;
}

const tokens: string[] = await Promise.all(Array.from({ length: concurrency }, newToken));
async function apiAdd(id: number, i: number): Promise<boolean> {
  // 25 SKUs x 99 each fit in one cart; start a new cart before that.
  if (i > 0 && i % 2000 === 0) tokens[id] = await newToken();
  const response = await fetch(`${stack.apiUrl}/cart/items`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-cart-token': tokens[id] as string },
    body: JSON.stringify({ sku: skus[i % skus.length], quantity: 1 }),
  });
  await response.arrayBuffer();
  return response.status === 200;
}

let rawCart = 0;
const rawKeys = Array.from({ length: concurrency }, () => `bench#${rawCart++}`);
async function rawUpdate(id: number, i: number): Promise<boolean> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: rawKeys[id] },
        UpdateExpression: 'SET version = if_not_exists(version, :zero) + :one, updatedAt = :now ADD qty :q',
        ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':now': new Date().toISOString(), ':q': 1 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    void i;
    return true;
  } catch {
    return false;
  }
}

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

// Warm both paths (JIT, connection pools, catalog cache).
seconds > 1 && (await runFor(apiAdd), await runFor(rawUpdate));
const api: Result[] = [];
const raw: Result[] = [];
for (let round = 0; round < rounds; round++) {
  raw.push(await runFor(rawUpdate));
  api.push(await runFor(apiAdd));
}
await stack.stop();

const sum = (results: Result[]) => ({
  ops: results.reduce((n, r) => n + r.ops, 0),
  errors: results.reduce((n, r) => n + r.errors, 0),
  latencies: results.flatMap((r) => r.latencies),
});
const a = sum(api);
const r = sum(raw);
const total = seconds * rounds;
const row = (name: string, x: Result) =>
  `${name.padEnd(28)} ${(x.ops / total).toFixed(0).padStart(8)} ops/s  p50 ${pct(x.latencies, 50).toFixed(1)} ms  p95 ${pct(x.latencies, 95).toFixed(1)} ms  p99 ${pct(x.latencies, 99).toFixed(1)} ms  errors ${x.errors}`;
console.log(`concurrency ${concurrency}, ${rounds} alternating rounds of ${seconds} s each, node ${process.version}`);
console.log(row('raw UpdateItem', r));
console.log(row('POST /api/cart/items', a));
console.log(`ratio API / raw: ${((a.ops / r.ops) * 100).toFixed(1)} %`);
