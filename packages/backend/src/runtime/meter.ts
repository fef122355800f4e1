import { AsyncLocalStorage } from 'node:async_hooks';

// A cost meter for the local stack and the bench (`pnpm bench -- --only cost`):
// with CARTKIT_METER=1 in the environment, every AWS client the handlers build
// asks DynamoDB for `ReturnConsumedCapacity: TOTAL` and counts what it is
// told, and the local Lambda runtime counts invocations; all per function.
// Without the flag nothing is attached: production paths behave as before.

/** The environment flag that turns the meter on (never set by the CDK app). */
export const METER_ENV = 'CARTKIT_METER';

/** One line of the meter: a function's calls of one service's command. */
export interface MeterEntry {
  calls: number;
  readUnits: number;
  writeUnits: number;
  /** Reads DynamoDB Local reported at 0 units (an empty Query, a missing item); AWS bills a minimum. */
  zeroReads: number;
  /**
   * TransactWriteItems as AWS bills them: 2 units per started KB of each item. DynamoDB Local
   * reports 4 per table whatever the items, so `writeUnits` is wrong for transactions; this counts
   * a Put's item from the request and every other item (Update, Delete, ConditionCheck) as under 1 KB.
   */
  transactionUnits: number;
}

/** What the meter holds: `function|service|command` to its counts, and invocations per function. */
export interface MeterSnapshot {
  readonly calls: Record<string, MeterEntry>;
  readonly invocations: Record<string, number>;
  readonly inFlight: number;
  /** `performance.now()` of the last invocation that ended, or started. */
  readonly lastActivity: number;
}

interface Meter {
  calls: Map<string, MeterEntry>;
  invocations: Map<string, number>;
  inFlight: number;
  lastActivity: number;
  scope: AsyncLocalStorage<string>;
}

// One meter per process, whichever copy of this module a handler loaded.
const GLOBAL = Symbol.for('cartkit.meter');

function meter(): Meter | undefined {
  if (process.env[METER_ENV] !== '1') return undefined;
  const holder = globalThis as { [GLOBAL]?: Meter };
  holder[GLOBAL] ??= {
    calls: new Map(),
    invocations: new Map(),
    inFlight: 0,
    lastActivity: performance.now(),
    scope: new AsyncLocalStorage<string>(),
  };
  return holder[GLOBAL];
}

/** Is the meter on in this process? */
export function meterEnabled(): boolean {
  return meter() !== undefined;
}

/**
 * Runs one invocation of a function under the meter (the local Lambda runtime
 * calls it), so the calls its clients make are counted under its name.
 *
 * @example
 * ```ts
 * await meteredInvocation('cart-api', () => handler(event, context));
 * ```
 */
export async function meteredInvocation<T>(name: string, run: () => Promise<T>): Promise<T> {
  const m = meter();
  if (!m) return run();
  m.invocations.set(name, (m.invocations.get(name) ?? 0) + 1);
  m.inFlight++;
  m.lastActivity = performance.now();
  try {
    return await m.scope.run(name, run);
  } finally {
    m.inFlight--;
    m.lastActivity = performance.now();
  }
}

/** Adds `calls` to a line of the meter (the local event sources count the messages they deliver). */
export function meterAdd(key: string, calls: number): void {
  const m = meter();
  if (!m) return;
  const entry = m.calls.get(key) ?? { calls: 0, readUnits: 0, writeUnits: 0, zeroReads: 0, transactionUnits: 0 };
  entry.calls += calls;
  m.calls.set(key, entry);
}

/** The meter's counts so far (a copy). */
export function meterSnapshot(): MeterSnapshot {
  const m = meter();
  if (!m) return { calls: {}, invocations: {}, inFlight: 0, lastActivity: 0 };
  return {
    calls: Object.fromEntries([...m.calls].map(([key, entry]) => [key, { ...entry }])),
    invocations: Object.fromEntries(m.invocations),
    inFlight: m.inFlight,
    lastActivity: m.lastActivity,
  };
}

interface Capacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

// The DynamoDB operations that accept ReturnConsumedCapacity.
const CAPACITY_COMMANDS = new Set([
  'GetItemCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'BatchWriteItemCommand',
  'TransactGetItemsCommand',
  'TransactWriteItemsCommand',
]);
const READS = new Set([
  'GetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'TransactGetItemsCommand',
]);

/** AWS's units for a TransactWriteItems request: 2 per started KB of each item (see `transactionUnits` above). */
function transactionUnits(input: object): number {
  const items = (input as { TransactItems?: { Put?: { Item?: unknown } }[] }).TransactItems ?? [];
  return items.reduce((sum, item) => sum + 2 * Math.max(1, Math.ceil(sizeOf(item.Put?.Item ?? {}) / 1024)), 0);
}

/** DynamoDB's item size of a plain or marshalled item (names + values; numbers ~1 byte per 2 digits + 1). */
function sizeOf(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') return Math.ceil(String(Math.abs(value)).replace('.', '').length / 2) + 1;
  if (typeof value !== 'object' || value === null) return 1;
  const keys = Object.keys(value);
  const attribute = value as Record<string, unknown>;
  if (keys.length === 1 && ['S', 'N', 'BOOL', 'NULL', 'M', 'L'].includes(keys[0] ?? '')) {
    if (attribute.N !== undefined) return Math.ceil(String(attribute.N).replace(/[-.]/g, '').length / 2) + 1;
    if (attribute.M !== undefined || attribute.L !== undefined) return sizeOf(attribute.M ?? attribute.L);
    return sizeOf(attribute.S ?? 1);
  }
  return 3 + Object.entries(attribute).reduce((sum, [name, v]) => sum + Buffer.byteLength(name) + sizeOf(v) + 1, 0);
}

interface MiddlewareClient {
  middlewareStack: {
    add(
      middleware: (
        next: (args: { input: object }) => Promise<{ output: object }>,
        context: { commandName?: string },
      ) => (args: { input: object }) => Promise<{ output: object }>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

/**
 * Attaches the meter to an AWS SDK client when CARTKIT_METER=1 (else does nothing):
 * counts each command per function and, for DynamoDB, the consumed read and write units.
 *
 * @example
 * ```ts
 * meterClient(new DynamoDBClient({}), 'dynamodb');
 * ```
 */
export function meterClient<C>(client: C, service: 'dynamodb' | 'sqs' | 'apigateway' | 'ses'): C {
  if (!meterEnabled()) return client;
  (client as unknown as MiddlewareClient).middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? 'unknown';
      const capacity = service === 'dynamodb' && CAPACITY_COMMANDS.has(command);
      if (capacity) (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
      const record = (consumed: unknown) => {
        const m = meter();
        if (!m) return;
        const key = `${m.scope.getStore() ?? 'outside'}|${service}|${command.replace(/Command$/, '')}`;
        const entry = m.calls.get(key) ?? { calls: 0, readUnits: 0, writeUnits: 0, zeroReads: 0, transactionUnits: 0 };
        entry.calls++;
        let read = 0;
        for (const c of (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as Capacity[]) {
          const total = c.CapacityUnits ?? 0;
          const reads = c.ReadCapacityUnits ?? (READS.has(command) ? total : 0);
          read += reads;
          entry.readUnits += reads;
          entry.writeUnits += c.WriteCapacityUnits ?? (READS.has(command) ? 0 : total);
        }
        if (consumed && READS.has(command) && read === 0) entry.zeroReads++;
        if (command === 'TransactWriteItemsCommand') entry.transactionUnits += transactionUnits(args.input);
        m.calls.set(key, entry);
      };
      try {
        const result = await next(args);
        record((result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity);
        return result;
      } catch (error) {
        // A refused conditional write still consumes units; DynamoDB does not return them with the error,
        // so a failed write is counted as a call (the bench reports refusals apart).
        record(undefined);
        const m = meter();
        if (m) {
          const key = `${m.scope.getStore() ?? 'outside'}|${service}|${command.replace(/Command$/, '')}!failed`;
          const entry = m.calls.get(key) ?? {
            calls: 0,
            readUnits: 0,
            writeUnits: 0,
            zeroReads: 0,
            transactionUnits: 0,
          };
          entry.calls++;
          m.calls.set(key, entry);
        }
        throw error;
      }
    },
    { step: 'initialize', name: 'cartkitMeter' },
  );
  return client;
}
