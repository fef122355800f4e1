import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The running stand-in of the AWS Parameters and Secrets Lambda extension. */
export interface SecretsExtensionStandIn {
  /** Its loopback port: what `PARAMETERS_SECRETS_EXTENSION_HTTP_PORT` is set to. */
  readonly port: number;
  /** What it asks for in `X-Aws-Parameters-Secrets-Token`: the handlers' `AWS_SESSION_TOKEN`. */
  readonly token: string;
  close(): Promise<void>;
}

/**
 * The one call of the Parameters and Secrets extension the handlers make,
 * `GET /secretsmanager/get?secretId=<id>` with the session token in
 * `X-Aws-Parameters-Secrets-Token`, answered as the extension answers (the
 * `GetSecretValue` response) from the stack's own secrets, so the handlers
 * read secrets with the code they run on AWS. Binds 127.0.0.1; a request
 * without the per-stack token is refused, as the extension refuses one
 * without the function's session token.
 *
 * @example
 * ```ts
 * const extension = await startSecretsExtension({ 'cartkit-local/cart-token': secret });
 * ```
 */
export async function startSecretsExtension(
  secrets: Readonly<Record<string, string>>,
): Promise<SecretsExtensionStandIn> {
  const token = randomBytes(24).toString('base64url');
  const server = createServer((req, res) => answer(req, res, secrets, token));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function answer(
  req: IncomingMessage,
  res: ServerResponse,
  secrets: Readonly<Record<string, string>>,
  token: string,
): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (req.method !== 'GET' || url.pathname !== '/secretsmanager/get') {
    send(res, 404, { message: 'not found' });
    return;
  }
  if (req.headers['x-aws-parameters-secrets-token'] !== token) {
    send(res, 401, { message: 'not authorized' });
    return;
  }
  const id = url.searchParams.get('secretId') ?? '';
  const value = Object.hasOwn(secrets, id) ? secrets[id] : undefined;
  if (value === undefined) {
    send(res, 400, {
      __type: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret.",
    });
    return;
  }
  send(res, 200, {
    ARN: id,
    Name: id,
    SecretString: value,
    VersionId: 'local',
    VersionStages: ['AWSCURRENT'],
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
