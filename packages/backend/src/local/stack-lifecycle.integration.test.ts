import { readdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isLocalStackError } from './support/errors.js';
import { silentLogger } from './support/log.js';
import { startLocalStack } from './stack.js';

const fixtureHandlers = fileURLToPath(new URL('./fixtures/handlers/', import.meta.url));

/** Pids of this process's children (Linux /proc), to prove nothing was left running. */
async function childPids(): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // Fields after the parenthesised command: state, ppid, ...
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === process.pid) pids.push(Number(entry));
  }
  return pids;
}

async function refuses(url: string): Promise<boolean> {
  return fetch(url).then(
    () => false,
    () => true,
  );
}

// startLocalStack writes the handlers' environment into process.env; put this worker's back.
let savedEnv: NodeJS.ProcessEnv;
beforeEach(() => {
  savedEnv = { ...process.env };
});
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
  Object.assign(process.env, savedEnv);
});

describe.runIf(process.platform === 'linux')('local stack lifecycle', () => {
  it('stops every process and server it started', async () => {
    const before = await childPids();
    const stack = await startLocalStack({ port: 0, handlersDir: fixtureHandlers, logger: silentLogger });
    const running = (await childPids()).filter((pid) => !before.includes(pid));

    await stack.stop();

    expect(running).toHaveLength(3); // DynamoDB Local's JVM, cognito-local and aws-ses-v2-local
    expect((await childPids()).filter((pid) => !before.includes(pid))).toEqual([]);
    const { dynamodb, cognito, sqs, ses, stripe } = stack.endpoints;
    for (const url of [dynamodb, cognito, sqs, ses, stripe, stack.apiUrl]) {
      expect(await refuses(url), url).toBe(true);
    }
  });

  it('fails with a one-line error when the port is taken, leaving nothing running', async () => {
    const before = await childPids();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const error: unknown = await startLocalStack({ port, handlersDir: fixtureHandlers, logger: silentLogger }).then(
        () => undefined,
        (reason: unknown) => reason,
      );

      expect(isLocalStackError(error)).toBe(true);
      expect((error as Error).message).toBe(`port ${port} is already in use (set PORT to another port, or 0 for any)`);
      expect((await childPids()).filter((pid) => !before.includes(pid))).toEqual([]);
    } finally {
      blocker.close();
    }
  });
});
