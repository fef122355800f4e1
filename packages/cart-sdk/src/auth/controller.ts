import { AuthError } from '../errors/errors.js';
import { readJson, type StorageAdapter, writeJson } from '../store/storage.js';
import type { AuthUser } from '../types.js';
import { type CognitoSettings, isFresh, type Session } from './session.js';

type CognitoModule = typeof import('./cognito.js');
/** The chunk's operations that take one input object. */
type CognitoCall = Exclude<keyof CognitoModule, 'refresh'>;
type CognitoResult<K extends CognitoCall> = Awaited<ReturnType<CognitoModule[K]>>;

// The one dynamic import of the Cognito chunk. Cached: loaded at most once per page.
let cognitoModule: Promise<CognitoModule> | undefined;
function loadCognito(): Promise<CognitoModule> {
  cognitoModule ??= import('./cognito.js');
  return cognitoModule;
}

/**
 * Owns the session: persistence, refresh before expiry (single-flight), and the
 * lazy Cognito chunk. Knows nothing about carts.
 */
export class AuthController {
  #session: Session | null = null;
  #refreshing: Promise<Session> | null = null;
  readonly #storage: StorageAdapter;
  readonly #key: string;
  readonly #settings: () => Promise<CognitoSettings>;

  constructor(storage: StorageAdapter, key: string, settings: () => Promise<CognitoSettings>) {
    this.#storage = storage;
    this.#key = key;
    this.#settings = settings;
  }

  get session(): Session | null {
    return this.#session;
  }

  get user(): AuthUser | null {
    return this.#session?.user ?? null;
  }

  /** Load the persisted session (no Cognito code needed). */
  async hydrate(): Promise<Session | null> {
    return this.adopt(await readJson<Session>(this.#storage, this.#key));
  }

  /** Take a session read from storage (validated loosely: it is our own record). */
  adopt(stored: Session | null): Session | null {
    this.#session = stored && typeof stored.accessToken === 'string' ? stored : null;
    return this.#session;
  }

  async #set(session: Session | null): Promise<void> {
    this.#session = session;
    await writeJson(this.#storage, this.#key, session);
  }

  /** A Cognito operation of the lazy chunk (sign-up, codes, password reset), with the pool's settings. */
  async call<K extends CognitoCall>(name: K, input: Parameters<CognitoModule[K]>[1]): Promise<CognitoResult<K>> {
    const [cognito, settings] = await Promise.all([loadCognito(), this.#settings()]);
    return (cognito[name] as (s: CognitoSettings, i: typeof input) => Promise<CognitoResult<K>>)(settings, input);
  }

  async signIn(input: { email: string; password: string }): Promise<Session> {
    const session = await this.call('signIn', input);
    await this.#set(session);
    return session;
  }

  /** Keep a session obtained elsewhere (a provider's sign-in): stored and refreshed like a password one. */
  start(session: Session): Promise<void> {
    return this.#set(session);
  }

  /** Forget the session locally (memory and storage). */
  async signOut(): Promise<void> {
    this.#refreshing = null;
    await this.#set(null);
  }

  /** Forget the session in memory only (another tab signed out and cleared storage). */
  forget(): void {
    this.#refreshing = null;
    this.#session = null;
  }

  /** A valid access token, refreshed when within 60 s of expiry; null when signed out. */
  async getAccessToken(): Promise<string | null> {
    const session = this.#session;
    if (!session) return null;
    if (isFresh(session, Date.now())) return session.accessToken;
    return (await this.refresh()).accessToken;
  }

  /** Refresh the session now; concurrent callers share one refresh. */
  refresh(): Promise<Session> {
    const session = this.#session;
    if (!session) return Promise.reject(new AuthError({ code: 'UNAUTHORIZED', message: 'Not signed in' }));
    this.#refreshing ??= (async () => {
      try {
        const [cognito, settings] = await Promise.all([loadCognito(), this.#settings()]);
        const next = await cognito.refresh(settings, session);
        // Signed out (or switched user) while refreshing: drop the result.
        if (this.#session?.refreshToken !== session.refreshToken) {
          throw new AuthError({ code: 'UNAUTHORIZED', message: 'Signed out during refresh' });
        }
        await this.#set(next);
        return next;
      } finally {
        this.#refreshing = null;
      }
    })();
    return this.#refreshing;
  }
}
