import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { ADMIN_GROUP } from '../../topology/admin.js';
import { LOCAL_REGION, localClientConfig } from '../support/aws-config.js';
import { startChild } from '../support/child.js';
import { createConfirmationCodeLog, maskEmail } from './confirmation-codes.js';
import type { Logger } from '../support/log.js';
import { freePort, waitForHttp } from '../support/net.js';

/** A running cognito-local with one user pool and one app client. */
export interface CognitoLocal {
  readonly endpoint: string;
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  /** cognito-local's pool file (`.cognito/db/<pool>.json`): users, their passwords, refresh tokens. */
  readonly poolFile: string;
  /**
   * The last sign-up/verification code cognito-local printed for this email
   * or username, once every line printed so far has been read.
   */
  lastConfirmationCode(usernameOrEmail: string): Promise<string | undefined>;
  stop(): Promise<void>;
}

/** What a code printed by cognito-local is for, by the API call that sent it. */
const CODE_PURPOSE: Record<string, string> = {
  SignUp: 'sign-up confirmation',
  ResendConfirmationCode: 'sign-up confirmation',
  ForgotPassword: 'password reset',
};

/** An AWS-shaped pool id, so aws-jwt-verify accepts the tokens' issuer unchanged. */
export const LOCAL_USER_POOL_ID = `${LOCAL_REGION}_LocalPool1`;
const CLIENT_NAME = 'cartkit-local-web';

/**
 * Writes cognito-local's config and seeds the pool. The pool file has no
 * `Options`, so cognito-local builds them from its AWS defaults plus
 * `UserPoolDefaults` on every start: sign-in by email, email auto-verified
 * (what the CDK pool does). The issuer is AWS's, so tokens carry
 * `iss = https://cognito-idp.us-east-1.amazonaws.com/us-east-1_LocalPool1`.
 */
async function writeConfig(dir: string): Promise<void> {
  const db = join(dir, '.cognito', 'db');
  await mkdir(db, { recursive: true });
  const config = {
    TokenConfig: { IssuerDomain: `https://cognito-idp.${LOCAL_REGION}.amazonaws.com` },
    UserPoolDefaults: { UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] },
  };
  await writeFile(join(dir, '.cognito', 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  // 'wx': keep the users of a persisted pool.
  await writeFile(join(db, `${LOCAL_USER_POOL_ID}.json`), `${JSON.stringify({ Users: {}, Groups: {} })}\n`, {
    flag: 'wx',
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
}

async function ensureAppClient(endpoint: string): Promise<string> {
  const client = new CognitoIdentityProviderClient(localClientConfig(endpoint));
  try {
    const existing = await client.send(
      new ListUserPoolClientsCommand({ UserPoolId: LOCAL_USER_POOL_ID, MaxResults: 60 }),
    );
    const found = existing.UserPoolClients?.find((c) => c.ClientName === CLIENT_NAME)?.ClientId;
    if (found) return found;
    const created = await client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: LOCAL_USER_POOL_ID,
        ClientName: CLIENT_NAME,
        // cognito-local has no SRP; the SDK chooses the password flow from GET /config.
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    const id = created.UserPoolClient?.ClientId;
    if (!id) throw new Error('cognito-local returned no client id');
    return id;
  } finally {
    client.destroy();
  }
}

/** The `admin` group, as the CDK app creates it: its members may call `/api/admin/*`. */
async function ensureAdminGroup(endpoint: string): Promise<void> {
  const client = new CognitoIdentityProviderClient(localClientConfig(endpoint));
  try {
    const groups = await client.send(new ListGroupsCommand({ UserPoolId: LOCAL_USER_POOL_ID }));
    if (groups.Groups?.some((group) => group.GroupName === ADMIN_GROUP)) return;
    await client.send(
      new CreateGroupCommand({
        UserPoolId: LOCAL_USER_POOL_ID,
        GroupName: ADMIN_GROUP,
        Description: 'Shop admins: may call /api/admin/*',
      }),
    );
  } finally {
    client.destroy();
  }
}

/** Sends one request whose target name cognito-local will print in its log. */
function sendMarker(endpoint: string, marker: string): void {
  const req = request(`${endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${marker}`,
    },
  });
  req.once('response', (res) => res.resume());
  req.once('error', () => {});
  req.end('{}');
}

/**
 * Makes cognito-local print a line we can recognise and waits for it: a code
 * printed before an earlier SignUp returned is ahead of the marker in the same
 * stream, so once the marker is read, so is the code. The marker is an unknown
 * `X-Amz-Target`, which cognito-local logs as "unsupported feature" with the
 * target's name.
 *
 * cognito-local's pino-pretty writes asynchronously (sonic-boom) and can hold
 * the last line until the next write, so while waiting we poke it with more
 * markers every 100 ms.
 */
function createOutputBarrier(endpoint: string): { feed(line: string): void; flush(): Promise<void> } {
  const pending = new Set<string>();
  const waiters = new Set<() => void>();
  const newMarker = () => `CartkitFlush${randomUUID().replaceAll('-', '')}`;
  return {
    feed(line) {
      const marker = /CartkitFlush[0-9a-f]{32}/.exec(line)?.[0];
      if (!marker || !pending.delete(marker)) return;
      for (const wake of waiters) wake();
    },
    async flush() {
      const marker = newMarker();
      const deadline = Date.now() + 15_000;
      pending.add(marker);
      sendMarker(endpoint, marker);
      while (pending.has(marker)) {
        if (Date.now() > deadline) {
          pending.delete(marker);
          throw new Error('cognito-local output did not catch up within 15 s (is the machine overloaded?)');
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, 100);
          function done(): void {
            clearTimeout(timer);
            waiters.delete(done);
            resolve();
          }
          waiters.add(done);
        });
        if (pending.has(marker)) sendMarker(endpoint, newMarker());
      }
    },
  };
}

/**
 * Runs cognito-local 5.3.0 as a child process in `dir` (its `.cognito` folder
 * lives there) on a free loopback port, and watches its output for
 * confirmation codes, which it prints to `log` with the address masked
 * (`cognito: sign-up confirmation code for a***@example.com: 123456`).
 *
 * @example
 * ```ts
 * const cognito = await startCognitoLocal({ dir: tmp });
 * cognito.lastConfirmationCode('ada@example.com');
 * ```
 */
export async function startCognitoLocal(options: { dir: string; port?: number; log?: Logger }): Promise<CognitoLocal> {
  const [port] = await Promise.all([options.port ?? freePort(), writeConfig(options.dir)]);
  const packageDir = dirname(createRequire(import.meta.url).resolve('cognito-local/package.json'));
  // AWS emails the code; locally the developer reads it in the log. The address is masked
  // (personal data stays out of logs), the code is not: it is the point of the line.
  const codes = createConfirmationCodeLog({
    onCode: ({ destination, code, target }) =>
      options.log?.info(
        'cognito',
        `${CODE_PURPOSE[target ?? ''] ?? 'verification'} code for ${maskEmail(destination ?? '')}: ${code}`,
      ),
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const barrier = createOutputBarrier(endpoint);
  const child = startChild({
    name: 'cognito-local',
    command: process.execPath,
    args: [join(packageDir, 'lib', 'bin', 'start.js')],
    cwd: options.dir,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), NO_COLOR: '1', DEBUG: '' },
    // Its request log is noise; only the code blocks (and our markers) matter.
    onLine: (line) => {
      codes.feed(line);
      barrier.feed(line);
    },
  });
  try {
    await waitForHttp(endpoint, { timeoutMs: 20_000, name: 'cognito-local', aborted: child.failure });
    const [userPoolClientId] = await Promise.all([ensureAppClient(endpoint), ensureAdminGroup(endpoint)]);
    return {
      endpoint,
      userPoolId: LOCAL_USER_POOL_ID,
      userPoolClientId,
      poolFile: join(options.dir, '.cognito', 'db', `${LOCAL_USER_POOL_ID}.json`),
      lastConfirmationCode: async (usernameOrEmail) => {
        await barrier.flush();
        return codes.last(usernameOrEmail);
      },
      stop: () => child.stop(),
    };
  } catch (error) {
    await child.stop();
    throw error;
  }
}
