import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { startChild } from '../support/child.js';
import { freePort, waitForHttp } from '../support/net.js';

/** A running aws-ses-v2-local: the SES v2 API, and a mailbox a developer opens in a browser. */
export interface SesLocal {
  /** For `new SESv2Client({ endpoint })` (any credentials). */
  readonly endpoint: string;
  /** The web mailbox: every email sent since start. */
  readonly mailboxUrl: string;
  /** `GET` answers `{ emails: [...] }` as JSON (see {@link LocalEmail}). */
  readonly storeUrl: string;
  /** The child process (for the loopback-only checks). */
  readonly pid: number | undefined;
  /** The emails sent so far, oldest first. */
  emails(): Promise<LocalEmail[]>;
  stop(): Promise<void>;
}

/** One email as aws-ses-v2-local stores it (its `GET /store` shape, the fields we read). */
export interface LocalEmail {
  readonly messageId: string;
  readonly from: string;
  readonly destination: { readonly to: string[]; readonly cc: string[]; readonly bcc: string[] };
  readonly subject: string;
  readonly body: { readonly html?: string; readonly text?: string };
  readonly headers?: { readonly name: string; readonly value: string }[];
  /** Epoch seconds. */
  readonly at: number;
}

/**
 * Runs aws-ses-v2-local 2.10 as a child process on a free loopback port.
 * A child, not in this process: its mailbox is a module-level singleton, so
 * two stacks in one process would share it, and a child ends cleanly with
 * its mail. It keeps mail in memory only (nothing survives a restart, even
 * with `--persist`). `SMTP_TRANSPORT` is never passed on, so it cannot relay
 * mail off this machine.
 *
 * @example
 * ```ts
 * const ses = await startSesLocal();
 * const client = new SESv2Client(localClientConfig(ses.endpoint));
 * console.log(`mailbox: ${ses.mailboxUrl}`);
 * ```
 */
export async function startSesLocal(options: { port?: number } = {}): Promise<SesLocal> {
  const port = options.port ?? (await freePort());
  const packageDir = dirname(createRequire(import.meta.url).resolve('aws-ses-v2-local/package.json'));
  const { SMTP_TRANSPORT: _relay, AWS_SES_ACCOUNT: _account, ...env } = process.env;
  const child = startChild({
    name: 'aws-ses-v2-local',
    command: process.execPath,
    args: [join(packageDir, 'dist', 'cli.js'), '--host', '127.0.0.1', '--port', String(port)],
    cwd: packageDir,
    env: { ...env, NODE_ENV: 'production' },
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const storeUrl = `${endpoint}/store`;
  try {
    await waitForHttp(`${endpoint}/health-check`, {
      timeoutMs: 15_000,
      name: 'aws-ses-v2-local',
      aborted: child.failure,
    });
  } catch (error) {
    await child.stop();
    throw error;
  }
  return {
    endpoint,
    mailboxUrl: `${endpoint}/`,
    storeUrl,
    pid: child.pid,
    async emails() {
      const response = await fetch(storeUrl);
      if (!response.ok) throw new Error(`aws-ses-v2-local /store answered ${response.status}`);
      const store = (await response.json()) as { emails?: LocalEmail[] };
      return store.emails ?? [];
    },
    stop: () => child.stop(),
  };
}
