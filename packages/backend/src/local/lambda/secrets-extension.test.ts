import { afterEach, describe, expect, it } from 'vitest';
import { readSecret } from '../../adapters/secrets-extension.js';
import { type SecretsExtensionStandIn, startSecretsExtension } from './secrets-extension.js';

describe('the secrets extension stand-in, read with the code the handlers run on AWS', () => {
  let extension: SecretsExtensionStandIn | undefined;
  afterEach(async () => {
    await extension?.close();
    extension = undefined;
  });

  it('returns the secret string of the id asked for, with the session token', async () => {
    extension = await startSecretsExtension({ 'cartkit-local/cart-token': 'k'.repeat(40), other: 'x' });

    await expect(readSecret(extension, 'cartkit-local/cart-token')).resolves.toBe('k'.repeat(40));
    await expect(readSecret(extension, 'other')).resolves.toBe('x');
  });

  it('refuses a request without the session token, and names the secret (not a value) when it is unknown', async () => {
    extension = await startSecretsExtension({ known: 'v'.repeat(32) });

    await expect(readSecret({ port: extension.port, token: 'wrong' }, 'known')).rejects.toThrow(
      /answered 401 for known/,
    );
    await expect(readSecret({ port: extension.port, token: null }, 'known')).rejects.toThrow(/No AWS_SESSION_TOKEN/);
    const unknown = readSecret(extension, 'missing');
    await expect(unknown).rejects.toThrow(/answered 400 for missing.*ResourceNotFoundException/);
    await expect(unknown).rejects.not.toThrow(/v{32}/);
  });

  it('answers only GET /secretsmanager/get', async () => {
    extension = await startSecretsExtension({ known: 'v' });
    const headers = { 'X-Aws-Parameters-Secrets-Token': extension.token };
    const base = `http://127.0.0.1:${extension.port}`;

    expect((await fetch(`${base}/systemsmanager/parameters/get?name=known`, { headers })).status).toBe(404);
    expect((await fetch(`${base}/secretsmanager/get?secretId=known`, { method: 'POST', headers })).status).toBe(404);
  });
});
