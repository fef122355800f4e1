/**
 * Where the AWS Parameters and Secrets Lambda extension answers, and the
 * token it asks for: on Lambda, `localhost` on the extension's port with the
 * function's `AWS_SESSION_TOKEN`; on the local stack, its stand-in
 * (`local/lambda/secrets-extension.ts`) on a loopback port with a per-stack token.
 */
export interface SecretsExtension {
  readonly port: number;
  readonly token: string | null;
}

/**
 * Reads one Secrets Manager secret's string through the Parameters and
 * Secrets extension (`GET /secretsmanager/get?secretId=`), which calls
 * Secrets Manager with the function's role and caches the value, so no
 * function bundles the Secrets Manager client. Throws, naming the secret id
 * but never its value, when the extension refuses or the secret is empty.
 *
 * @example
 * ```ts
 * const key = await readSecret({ port: 2773, token: process.env.AWS_SESSION_TOKEN ?? null }, secretArn);
 * ```
 */
export async function readSecret(extension: SecretsExtension, secretId: string): Promise<string> {
  if (!extension.token) throw new Error('No AWS_SESSION_TOKEN: the secrets extension cannot be asked');
  const url = `http://localhost:${extension.port}/secretsmanager/get?secretId=${encodeURIComponent(secretId)}`;
  const response = await fetch(url, {
    headers: { 'X-Aws-Parameters-Secrets-Token': extension.token },
    signal: AbortSignal.timeout(3000),
  });
  if (!response.ok) {
    // The extension's body carries Secrets Manager's error (type and message), never a secret value.
    const detail = (await response.text()).slice(0, 200);
    throw new Error(`The secrets extension answered ${response.status} for ${secretId}: ${detail}`);
  }
  const body = (await response.json()) as { SecretString?: unknown };
  if (typeof body.SecretString !== 'string' || body.SecretString === '') {
    throw new Error(`The secret ${secretId} has no SecretString`);
  }
  return body.SecretString;
}
