import {
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { UnauthorizedError } from '../domain/errors.js';
import { guardStore } from './aws.js';

/** The Cognito user pool, for what the API does to accounts. */
export interface UserDirectory {
  email(username: string): Promise<string | null>;
  delete(username: string): Promise<void>;
}

export class CognitoUserDirectory implements UserDirectory {
  readonly #client: CognitoIdentityProviderClient;
  readonly #userPoolId: string;

  constructor(options: { region: string; userPoolId: string; endpoint: string | null }) {
    this.#client = new CognitoIdentityProviderClient({
      region: options.region,
      maxAttempts: 3,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    });
    this.#userPoolId = options.userPoolId;
  }

  async email(username: string): Promise<string | null> {
    const user = await guardStore(() =>
      this.#client.send(new AdminGetUserCommand({ UserPoolId: this.#userPoolId, Username: username })),
    ).catch((error: unknown) => {
      // A still-unexpired token of a deleted account.
      if ((error as { name?: string }).name === 'UserNotFoundException')
        throw new UnauthorizedError('This account no longer exists.');
      throw error;
    });
    return user.UserAttributes?.find((attribute) => attribute.Name === 'email')?.Value ?? null;
  }

  async delete(username: string): Promise<void> {
    try {
      await guardStore(() =>
        this.#client.send(new AdminDeleteUserCommand({ UserPoolId: this.#userPoolId, Username: username })),
      );
    } catch (error) {
      // Already gone is the state we want.
      if ((error as { name?: string }).name !== 'UserNotFoundException') throw error;
    }
  }
}
