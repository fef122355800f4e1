import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { PreSignUpTriggerEvent } from 'aws-lambda';
import { linkProviderToUser, nativeUserForProvider } from '../adapters/account-linking.js';
import { oauthConfig } from '../config.js';
import { linkFederatedSignUp } from '../use-cases/link-federated-sign-up.js';

const client = new CognitoIdentityProviderClient({ maxAttempts: 2 });
const providerNames = (oauthConfig(process.env)?.providers ?? []).map((provider) => provider.id);

/**
 * The user pool's PreSignUp trigger (`USER_POOL_TRIGGERS`): links a first provider sign-in to
 * the native user with that email (`use-cases/link-federated-sign-up.ts`). The pool's id comes
 * from the event: the trigger gets no pool ids in its environment (`POOL_BOUND_ENV`).
 */
export const handler = async (event: PreSignUpTriggerEvent): Promise<PreSignUpTriggerEvent> =>
  linkFederatedSignUp(
    event,
    {
      nativeUserFor: (email) => nativeUserForProvider(client, event.userPoolId, email),
      link: (username, identity) => linkProviderToUser(client, event.userPoolId, username, identity),
    },
    providerNames,
  );
