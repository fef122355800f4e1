import { type CartClient, createCartClient } from './sdk.js';

interface Entry {
  client: CartClient;
  users: number;
  destroyTimer?: ReturnType<typeof setTimeout>;
}

const entries = new Map<string, Entry>();

/**
 * A shared SDK client for `apiUrl`. Every `<shopping-cart>` with the same `api`
 * shares one client (one store, one socket); different APIs get different
 * clients, whose storage the SDK scopes by API URL.
 *
 * @example
 * ```ts
 * const client = acquireClient('https://shop.example/api');
 * // …
 * releaseClient(client);
 * ```
 */
export function acquireClient(apiUrl: string): CartClient {
  let entry = entries.get(apiUrl);
  if (!entry) {
    entry = { client: createCartClient({ apiUrl }), users: 0 };
    entries.set(apiUrl, entry);
  }
  clearTimeout(entry.destroyTimer);
  entry.users += 1;
  return entry.client;
}

/**
 * Gives back a client from `acquireClient`. The last user's release destroys it
 * after a grace period, so moving an element in the DOM (disconnect, then
 * connect) keeps its client.
 */
export function releaseClient(client: CartClient, graceMs = 1000): void {
  for (const [apiUrl, entry] of entries) {
    if (entry.client !== client) continue;
    entry.users -= 1;
    if (entry.users <= 0) {
      entry.destroyTimer = setTimeout(() => {
        entries.delete(apiUrl);
        client.destroy();
      }, graceMs);
    }
    return;
  }
}
