import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The HMAC secret for anonymous cart tokens: random per start, or kept in
 * `file` (mode 0600) so tokens stay valid across restarts of a persisted stack.
 *
 * @example
 * ```ts
 * const secret = await cartTokenSecret(join(persistDir, 'cart-token-secret'));
 * ```
 */
export async function cartTokenSecret(file?: string): Promise<string> {
  const fresh = randomBytes(32).toString('base64url');
  if (!file) return fresh;
  const existing = await readFile(file, 'utf8').catch(() => '');
  if (existing.trim().length >= 32) return existing.trim();
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${fresh}\n`, { mode: 0o600 });
  return fresh;
}
