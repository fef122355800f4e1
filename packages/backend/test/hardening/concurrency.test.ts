import { randomUUID } from 'node:crypto';
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Cart } from '@cartkit/contract';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { setDeps } from '../../src/runtime/deps.js';
import { createDeps } from '../../src/runtime/every-service.js';
import { loadConfig } from '../../src/config.js';
import { call, createUser } from '../support/api.js';
import { stackEnv } from '../support/stack.js';
import { cartTotalDefects } from './support/invariants.js';
import { invoke, type LambdaAnswer } from './support/lambda.js';

// Two devices of one signed-in user hammer one cart in parallel; every change
// carries an Idempotency-Key and some are re-sent (at once, alongside the
// first send, and late, after other changes). The changes are chosen to
// commute (adds within the 99 cap; removes, sets and adds on disjoint SKUs),
// so whatever order DynamoDB applies them in, the final cart must equal the
// model's, with a version that counts each change exactly once.
//
// Each run uses at most 32 keys, the retention docs/API.md promises (past it,
// see idempotency.test.ts).

const SKUS = [
  'TEE-CLASSIC',
  'TEE-LINEN',
  'HOODIE-ZIP',
  'HOODIE-PULL',
  'CAP-CANVAS',
  'BEANIE-WOOL',
  'SOCKS-3PK',
  'MUG-STONE',
  'MUG-TRAVEL',
  'BOTTLE-STEEL',
  'TOTE-CANVAS',
  'BACKPACK-DAY',
  'NOTEBOOK-A5',
  'PEN-BRASS',
  'CANDLE-CEDAR',
  'PLANT-POT',
] as const;
const IF_MATCH_SKU = 'STICKERS';
const SEED = 4_242;
const RUNS = 8;

type Op =
  | { readonly kind: 'add'; readonly sku: string; readonly quantity: number }
  | { readonly kind: 'set'; readonly sku: string; readonly quantity: number }
  | { readonly kind: 'remove'; readonly sku: string };

interface Planned {
  readonly op: Op;
  readonly key: string;
  readonly device: 0 | 1;
  /** Extra sends alongside the first one, and late ones during the next phase. */
  readonly dupes: number;
  readonly late: number;
}

const plan = fc
  .record({
    phase1: fc.array(
      fc.record({
        sku: fc.constantFrom(...SKUS),
        quantity: fc.integer({ min: 1, max: 40 }),
        device: fc.constantFrom<0 | 1>(0, 1),
        dupes: fc.nat({ max: 2 }),
        late: fc.nat({ max: 1 }),
      }),
      { minLength: 10, maxLength: 16 },
    ),
    shuffle: fc.shuffledSubarray([...SKUS], { minLength: SKUS.length, maxLength: SKUS.length }),
    removes: fc.integer({ min: 1, max: 4 }),
    sets: fc.array(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 4 }),
    adds: fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 4 }),
    devices: fc.array(fc.constantFrom<0 | 1>(0, 1), { minLength: 14, maxLength: 14 }),
    dupes: fc.array(fc.nat({ max: 2 }), { minLength: 14, maxLength: 14 }),
  })
  .map((g) => {
    const run = randomUUID().slice(0, 8);
    const totals = new Map<string, number>();
    const phase1: Planned[] = [];
    for (const [i, p] of g.phase1.entries()) {
      const sum = (totals.get(p.sku) ?? 0) + p.quantity;
      if (sum > 99) continue; // adds must commute: never reach the cap
      totals.set(p.sku, sum);
      phase1.push({
        op: { kind: 'add', sku: p.sku, quantity: p.quantity },
        key: `${run}-a${i}`,
        device: p.device,
        dupes: p.dupes,
        late: p.late,
      });
    }
    // Phase 2 works on disjoint SKUs: remove some present lines, set others, add to the rest.
    const present = g.shuffle.filter((sku) => totals.has(sku));
    const absent = g.shuffle.filter((sku) => !totals.has(sku));
    const removed = present.slice(0, g.removes);
    const setOn = [...present.slice(g.removes), ...absent].slice(0, g.sets.length);
    const addOn = [...present.slice(g.removes), ...absent]
      .filter((sku) => !setOn.includes(sku))
      .slice(0, g.adds.length);
    const ops: Op[] = [
      ...removed.map((sku): Op => ({ kind: 'remove', sku })),
      ...setOn.map((sku, i): Op => ({ kind: 'set', sku, quantity: g.sets[i] ?? 1 })),
      ...addOn.map(
        (sku, i): Op => ({ kind: 'add', sku, quantity: Math.min(g.adds[i] ?? 1, 99 - (totals.get(sku) ?? 0)) }),
      ),
    ].filter((op) => op.kind !== 'add' || op.quantity > 0);
    const phase2 = ops.map(
      (op, i): Planned => ({
        op,
        key: `${run}-b${i}`,
        device: g.devices[i] ?? 0,
        dupes: g.dupes[i] ?? 0,
        late: 0,
      }),
    );
    return { phase1, phase2 };
  });

/** The cart the changes must produce, whatever order they land in. */
function model(phase1: readonly Planned[], phase2: readonly Planned[], ifMatchApplied: number): Map<string, number> {
  const lines = new Map<string, number>();
  for (const { op } of [...phase1, ...phase2]) {
    if (op.kind === 'add') lines.set(op.sku, (lines.get(op.sku) ?? 0) + op.quantity);
    else if (op.kind === 'set') lines.set(op.sku, op.quantity);
    else lines.delete(op.sku);
  }
  if (ifMatchApplied > 0) lines.set(IF_MATCH_SKU, ifMatchApplied);
  return lines;
}

type Send = (device: 0 | 1, op: Op, headers: Record<string, string>) => Promise<LambdaAnswer>;

let tokens: [string, string] = ['', ''];
const figures = { runs: 0, requests: 0, replayed: 0, conflicts: 0 };

function inProcessSend(device: 0 | 1, op: Op, headers: Record<string, string>): Promise<LambdaAnswer> {
  const auth = { authorization: `Bearer ${tokens[device]}`, 'content-type': 'application/json', ...headers };
  if (op.kind === 'add')
    return invoke({
      method: 'POST',
      path: '/cart/items',
      headers: auth,
      body: JSON.stringify({ sku: op.sku, quantity: op.quantity }),
    });
  if (op.kind === 'set')
    return invoke({
      method: 'PUT',
      path: `/cart/items/${op.sku}`,
      headers: auth,
      body: JSON.stringify({ quantity: op.quantity }),
    });
  return invoke({ method: 'DELETE', path: `/cart/items/${op.sku}`, headers: auth });
}

async function httpSend(device: 0 | 1, op: Op, headers: Record<string, string>): Promise<LambdaAnswer> {
  const token = tokens[device];
  const path = op.kind === 'add' ? '/cart/items' : `/cart/items/${op.sku}`;
  const method = op.kind === 'add' ? 'POST' : op.kind === 'set' ? 'PUT' : 'DELETE';
  const body =
    op.kind === 'add'
      ? { sku: op.sku, quantity: op.quantity }
      : op.kind === 'set'
        ? { quantity: op.quantity }
        : undefined;
  const response = await call<unknown>(method, path, { token, headers, ...(body === undefined ? {} : { body }) });
  const headerMap: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headerMap[name] = value;
  });
  return { status: response.status, headers: headerMap, text: JSON.stringify(response.body), json: response.body };
}

async function runOnce(send: Send, phase1: readonly Planned[], phase2: readonly Planned[]) {
  // A fresh user per run: its cart starts at version 0 with no remembered keys.
  tokens = await twoDevices();
  const startVersion = 0;
  const answers: LambdaAnswer[] = [];
  const sendAll = (planned: Planned, times: number) =>
    Array.from({ length: times }, () =>
      send(planned.device, planned.op, { 'idempotency-key': planned.key }).then((a) => answers.push(a)),
    );

  // Act, phase 1: every add, each with its concurrent duplicates.
  await Promise.all(phase1.flatMap((p) => sendAll(p, 1 + p.dupes)));
  const afterPhase1 = (
    await invoke({ method: 'GET', path: '/cart', headers: { authorization: `Bearer ${tokens[1]}` } })
  ).json as Cart;
  // Phase 2: removes, sets, adds, late retries of phase 1, and two If-Match adds racing them.
  const ifMatch = [0, 1].map((device) =>
    send(
      device as 0 | 1,
      { kind: 'add', sku: IF_MATCH_SKU, quantity: 1 },
      {
        'idempotency-key': `${phase1[0]?.key ?? 'x'}-ifmatch-${device}`,
        'if-match': `"${afterPhase1.version}"`,
      },
    ),
  );
  await Promise.all([
    ...phase2.flatMap((p) => sendAll(p, 1 + p.dupes)),
    ...phase1.flatMap((p) => sendAll(p, p.late)),
    ...ifMatch.map((promise) => promise.then((a) => answers.push(a))),
  ]);
  const ifMatchAnswers = await Promise.all(ifMatch);
  const final = (await invoke({ method: 'GET', path: '/cart', headers: { authorization: `Bearer ${tokens[0]}` } }))
    .json as Cart;
  return { startVersion, answers, ifMatchAnswers, final };
}

function assess(
  result: Awaited<ReturnType<typeof runOnce>>,
  phase1: readonly Planned[],
  phase2: readonly Planned[],
): void {
  const { startVersion, answers, ifMatchAnswers, final } = result;
  const unexpected = answers.filter((a) => a.status !== 200 && a.status !== 412);
  if (unexpected.length > 0)
    throw new Error(`unexpected answers: ${unexpected.map((a) => `${a.status} ${a.text.slice(0, 120)}`).join(' | ')}`);
  const ifMatchApplied = ifMatchAnswers.filter((a) => a.status === 200).length;
  figures.requests += answers.length;
  figures.replayed += answers.filter((a) => a.headers['idempotent-replayed'] === 'true').length;
  figures.conflicts += answers.filter((a) => a.status === 412).length;
  figures.runs++;
  const expected = model(phase1, phase2, ifMatchApplied);
  const actual = new Map(final.items.map((line) => [line.sku, line.quantity]));
  const sorted = (m: Map<string, number>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  if (JSON.stringify(sorted(actual)) !== JSON.stringify(sorted(expected))) {
    throw new Error(`final cart ${JSON.stringify(sorted(actual))} ≠ model ${JSON.stringify(sorted(expected))}`);
  }
  const changes = phase1.length + phase2.length + ifMatchApplied;
  if (final.version !== startVersion + changes) {
    throw new Error(
      `version ${final.version} ≠ ${startVersion} + ${changes} changes: something applied twice or not at all`,
    );
  }
  const totals = cartTotalDefects(final);
  if (totals.length > 0) throw new Error(totals.join('; '));
}

async function checkRuns(send: Send, numRuns: number, seed: number): Promise<void> {
  const details = await fc.check(
    fc.asyncProperty(plan, async ({ phase1, phase2 }) => assess(await runOnce(send, phase1, phase2), phase1, phase2)),
    { seed, numRuns, endOnFailure: true },
  );
  if (details.failed) {
    throw new Error(
      `seed ${details.seed}, path "${details.counterexamplePath}": ${String(details.errorInstance)}\n${JSON.stringify(details.counterexample).slice(0, 2000)}`,
    );
  }
}

/** One new user signed in on two devices (two sign-ins, two access tokens). */
async function twoDevices(): Promise<[string, string]> {
  const { env } = stackEnv();
  const user = await createUser();
  const again = await cognito.send(
    new InitiateAuthCommand({
      ClientId: env.USER_POOL_CLIENT_ID,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: user.email, PASSWORD: user.password },
    }),
  );
  return [user.accessToken, again.AuthenticationResult?.AccessToken ?? ''];
}

let cognito: CognitoIdentityProviderClient;

beforeAll(async () => {
  const { env } = stackEnv();
  cognito = new CognitoIdentityProviderClient({
    region: 'us-east-1',
    endpoint: env.COGNITO_ENDPOINT,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  setDeps(await createDeps(loadConfig({ ...process.env, MUTATION_RATE_PER_MINUTE: '0' })));
});

afterAll(() => {
  console.log(
    `[hardening] concurrency: ${figures.runs} runs, ${figures.requests} parallel requests, ` +
      `${figures.replayed} answered as replays, ${figures.conflicts} If-Match 412s`,
  );
  setDeps(undefined);
  cognito?.destroy();
});

describe('two devices, parallel keyed changes and retries on one cart', () => {
  it(`ends with the model's cart and one version per change, every time (${RUNS} seeded runs, in-process)`, async () => {
    await checkRuns(inProcessSend, RUNS, SEED);
  });

  it("ends with the model's cart through the real gateway too (2 seeded runs over HTTP)", async () => {
    await checkRuns(httpSend, 2, SEED + 1);
  });
});
