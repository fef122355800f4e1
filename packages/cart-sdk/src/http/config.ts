import type { Config } from '@cartkit/contract';
import type { CognitoSettings } from '../auth/session.js';
import type { Api } from './api.js';

/**
 * The deployment's config: `options.config` when it is complete, else
 * `GET /config` once (merged with what was given; a failure is not cached).
 */
export class ConfigSource {
  readonly #given: Partial<Config>;
  readonly #api: () => Api;
  #loading: Promise<Config> | null = null;

  constructor(given: Partial<Config> | undefined, api: () => Api) {
    this.#given = given ?? {};
    this.#api = api;
  }

  load(): Promise<Config> {
    const given = this.#given;
    if (given.userPoolId && given.userPoolClientId && given.realtimeUrl !== undefined) {
      // Everything given (the auth flow, the shop, `oauth`), with the defaults of what was not.
      return Promise.resolve({
        ...given,
        region: given.region ?? given.userPoolId.split('_')[0] ?? 'us-east-1',
        userPoolId: given.userPoolId,
        userPoolClientId: given.userPoolClientId,
        cognitoEndpoint: given.cognitoEndpoint ?? null,
        realtimeUrl: given.realtimeUrl,
        currency: given.currency ?? 'USD',
      });
    }
    this.#loading ??= this.#api()
      .request<Config>({ method: 'get', path: 'config', auth: 'none' })
      .then(({ data }) => ({ ...data, ...given }))
      .catch((error: unknown) => {
        this.#loading = null;
        throw error;
      });
    return this.#loading;
  }

  /** What the lazy Cognito chunk needs; the password flow against cognito-local. */
  async cognitoSettings(): Promise<CognitoSettings> {
    const config = await this.load();
    return {
      userPoolId: config.userPoolId,
      clientId: config.userPoolClientId,
      endpoint: config.cognitoEndpoint,
      authFlow: config.authFlow ?? (config.cognitoEndpoint ? 'USER_PASSWORD_AUTH' : 'USER_SRP_AUTH'),
    };
  }
}
