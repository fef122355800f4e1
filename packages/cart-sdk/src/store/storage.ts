/**
 * Where the SDK keeps tokens, the cart snapshot and the offline queue. Sync
 * (`localStorage`) and async (React Native's AsyncStorage) adapters both work.
 *
 * @example
 * ```ts
 * const storage: StorageAdapter = { getItem: (k) => db.get(k), setItem: (k, v) => db.set(k, v), removeItem: (k) => db.del(k) };
 * createCartClient({ apiUrl, storage });
 * ```
 */
export interface StorageAdapter {
  getItem(key: string): string | null | Promise<string | null>;
  setItem(key: string, value: string): void | Promise<void>;
  removeItem(key: string): void | Promise<void>;
}

/**
 * A storage that lives as long as the process: the default in Node (SSR), where
 * a shared store would leak one visitor's cart to the next.
 *
 * @example
 * ```ts
 * createCartClient({ apiUrl, storage: memoryStorage() });
 * ```
 */
export function memoryStorage(): StorageAdapter {
  const map = new Map<string, string>();
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}

/**
 * `window.localStorage`, tolerant of private modes and quotas (failures are ignored:
 * persistence is best-effort, the in-memory state stays right).
 *
 * @example
 * ```ts
 * createCartClient({ apiUrl, storage: localStorageAdapter() });
 * ```
 */
export function localStorageAdapter(store: Storage = globalThis.localStorage): StorageAdapter {
  return {
    getItem: (key) => {
      try {
        return store.getItem(key);
      } catch {
        return null;
      }
    },
    setItem: (key, value) => {
      try {
        store.setItem(key, value);
      } catch {
        // quota or private mode: keep going in memory
      }
    },
    removeItem: (key) => {
      try {
        store.removeItem(key);
      } catch {
        // ignore
      }
    },
  };
}

/** localStorage in browsers, memory elsewhere. */
export function defaultStorage(): StorageAdapter {
  try {
    if (typeof window !== 'undefined' && typeof globalThis.localStorage?.getItem === 'function') {
      return localStorageAdapter(globalThis.localStorage);
    }
  } catch {
    // localStorage access can throw (sandboxed iframes)
  }
  return memoryStorage();
}

/** The persisted records, scoped by API URL so two shops on one origin never mix. */
export interface StorageKeys {
  cartToken: string;
  session: string;
  cart: string;
  queue: string;
}

/** Keys for one API URL. */
export function storageKeys(apiUrl: string): StorageKeys {
  const prefix = `cartkit:${apiUrl}:`;
  return {
    cartToken: `${prefix}cartToken`,
    session: `${prefix}session`,
    cart: `${prefix}cart`,
    queue: `${prefix}queue`,
  };
}

/** Read JSON, treating anything unreadable as absent. */
export async function readJson<T>(storage: StorageAdapter, key: string): Promise<T | null> {
  try {
    const raw = await storage.getItem(key);
    return raw == null ? null : (JSON.parse(raw) as T);
  } catch {
    return null;
  }
}

/** Write JSON, or remove the key for `null`. Never throws. */
export async function writeJson(storage: StorageAdapter, key: string, value: unknown): Promise<void> {
  try {
    if (value == null) await storage.removeItem(key);
    else await storage.setItem(key, JSON.stringify(value));
  } catch {
    // persistence is best-effort
  }
}
