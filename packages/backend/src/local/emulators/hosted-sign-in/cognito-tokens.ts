import { createPrivateKey, createSign, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import {
  AdminInitiateAuthCommand,
  type CognitoIdentityProviderClient,
  RevokeTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';

/** Tokens as the token endpoint hands them out. */
export interface IssuedTokens {
  readonly idToken: string;
  readonly accessToken: string;
  readonly refreshToken?: string;
  /** Seconds until the access token expires. */
  readonly expiresIn: number;
}

/** What the ID token says about how the person signed in (Cognito's `identities` claim). */
export interface FederatedIdentity {
  readonly providerName: string;
  readonly userId: string;
}

interface PoolFile {
  Users?: Record<string, { Password?: string }>;
}

function decodePart(part: string | undefined): Record<string, unknown> {
  if (!part) throw new Error('cognito-local returned a malformed token');
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/**
 * cognito-local's own tokens for a user of its pool, without anyone's password changing.
 *
 * cognito-local 5.3.0 issues tokens only through the password flows (and refresh), so this
 * reads the user's current password out of cognito-local's pool file (it keeps them in the
 * clear, in `.cognito/db/<pool>.json`) and calls AdminInitiateAuth with it: the tokens,
 * and the refresh token cognito-local remembers for REFRESH_TOKEN_AUTH, are cognito-local's.
 * The ID token is then re-signed with the signing key cognito-local ships with (the key of
 * its JWKS, kid `CognitoLocal`), to add what Cognito's hosted sign-in puts there and the
 * password flow does not: the authorize request's `nonce` and the `identities` claim.
 *
 * @example
 * ```ts
 * const tokens = new CognitoLocalTokens({ client, userPoolId, clientId, poolFile });
 * await tokens.issue('3f0c...', { nonce: 'n-1', identity: { providerName: 'LocalIdP', userId: 'ada' } });
 * ```
 */
export class CognitoLocalTokens {
  readonly #client: CognitoIdentityProviderClient;
  readonly #userPoolId: string;
  readonly #clientId: string;
  readonly #poolFile: string;
  #key: KeyObject | undefined;

  constructor(options: {
    client: CognitoIdentityProviderClient;
    userPoolId: string;
    clientId: string;
    poolFile: string;
  }) {
    this.#client = options.client;
    this.#userPoolId = options.userPoolId;
    this.#clientId = options.clientId;
    this.#poolFile = options.poolFile;
  }

  async issue(
    username: string,
    extra: { nonce: string | undefined; identity: FederatedIdentity },
  ): Promise<IssuedTokens> {
    const password = await this.#password(username);
    const result = await this.#client.send(
      new AdminInitiateAuthCommand({
        UserPoolId: this.#userPoolId,
        ClientId: this.#clientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD: password },
      }),
    );
    const auth = result.AuthenticationResult;
    if (!auth?.IdToken || !auth.AccessToken || !auth.RefreshToken) throw new Error('cognito-local returned no tokens');
    const idToken = await this.#resign(auth.IdToken, {
      ...(extra.nonce === undefined ? {} : { nonce: extra.nonce }),
      identities: [
        {
          userId: extra.identity.userId,
          providerName: extra.identity.providerName,
          providerType: 'OIDC',
          issuer: null,
          primary: 'false',
          dateCreated: String(Date.now()),
        },
      ],
    });
    return {
      idToken,
      accessToken: auth.AccessToken,
      refreshToken: auth.RefreshToken,
      expiresIn: this.#expiresIn(auth.AccessToken),
    };
  }

  /** REFRESH_TOKEN_AUTH, as the token endpoint's `refresh_token` grant; undefined when cognito-local refuses it. */
  async refresh(refreshToken: string): Promise<IssuedTokens | undefined> {
    try {
      const result = await this.#client.send(
        new AdminInitiateAuthCommand({
          UserPoolId: this.#userPoolId,
          ClientId: this.#clientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: refreshToken },
        }),
      );
      const auth = result.AuthenticationResult;
      if (!auth?.IdToken || !auth.AccessToken) return undefined;
      return { idToken: auth.IdToken, accessToken: auth.AccessToken, expiresIn: this.#expiresIn(auth.AccessToken) };
    } catch (error) {
      if ((error as { name?: string }).name === 'NotAuthorizedException') return undefined;
      throw error;
    }
  }

  /** Forgets a refresh token (cognito-local's RevokeToken); an unknown token is not an error, as on Cognito. */
  async revoke(token: string): Promise<void> {
    try {
      await this.#client.send(new RevokeTokenCommand({ ClientId: this.#clientId, Token: token }));
    } catch (error) {
      if ((error as { name?: string }).name !== 'NotAuthorizedException') throw error;
    }
  }

  #expiresIn(accessToken: string): number {
    const exp = decodePart(accessToken.split('.')[1]).exp;
    return typeof exp === 'number' ? Math.max(0, exp - Math.floor(Date.now() / 1000)) : 3600;
  }

  /**
   * The user's password as cognito-local stores it. The file is rewritten on every change,
   * so a read that races a write is tried again.
   */
  async #password(username: string): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      try {
        const pool = JSON.parse(await readFile(this.#poolFile, 'utf8')) as PoolFile;
        const password = pool.Users?.[username]?.Password;
        if (password === undefined) throw new Error(`cognito-local has no user ${username}`);
        return password;
      } catch (error) {
        if (!(error instanceof SyntaxError) || attempt >= 10) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  }

  async #resign(token: string, claims: Record<string, unknown>): Promise<string> {
    const [header, payload] = token.split('.');
    const body = { ...decodePart(payload), ...claims };
    const head = decodePart(header);
    const signingInput = `${Buffer.from(JSON.stringify(head)).toString('base64url')}.${Buffer.from(JSON.stringify(body)).toString('base64url')}`;
    const signature = createSign('RSA-SHA256')
      .update(signingInput)
      .sign(await this.#signingKey(), 'base64url');
    return `${signingInput}.${signature}`;
  }

  async #signingKey(): Promise<KeyObject> {
    if (!this.#key) {
      const path = createRequire(import.meta.url).resolve('cognito-local/lib/keys/cognitoLocal.private.json');
      const { pem } = JSON.parse(await readFile(path, 'utf8')) as { pem: string };
      this.#key = createPrivateKey(pem);
    }
    return this.#key;
  }
}
