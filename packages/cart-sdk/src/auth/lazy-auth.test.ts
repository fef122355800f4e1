import { describe, expect, it, vi } from 'vitest';
import { useFakeApi } from '../../test/support/setup.js';

const loaded = vi.hoisted(() => ({ cognito: false, oauth: false }));
vi.mock('./cognito.js', async (importOriginal) => {
  loaded.cognito = true;
  return importOriginal();
});
vi.mock('./oauth.js', async (importOriginal) => {
  loaded.oauth = true;
  return importOriginal();
});

const ctx = useFakeApi();

describe('the Cognito and provider sign-in chunks', () => {
  it('is not loaded by a page that never signs in', async () => {
    const { client } = ctx.make();
    await client.ready();
    await client.listProducts();
    await client.add('TEE', 1);
    await client.refresh();
    client.auth.currentUser();

    expect(loaded.cognito).toBe(false);
    expect(loaded.oauth).toBe(false);
  });

  it('is loaded on the first auth call', async () => {
    const { client } = ctx.make();
    await client.ready();

    await client.auth.signIn({ email: 'ada@example.com', password: 'Passw0rd!' });

    expect(loaded.cognito).toBe(true);
    // A password sign-in and its sign-out never need the provider sign-in's chunk.
    await client.auth.signOut();
    expect(loaded.oauth).toBe(false);
  });
});
