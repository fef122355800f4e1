import { createCognitoVerifier } from '../../adapters/jwt-verifier.js';
import type { ServiceModule } from '../deps.js';

/** Verifies Cognito access tokens against the pool's public keys (fetched once, cached). */
export const cognitoJwks: ServiceModule<'cognito-jwks'> = (config) => ({
  verifier: createCognitoVerifier({
    userPoolId: config.userPoolId,
    clientId: config.userPoolClientId,
    cognitoEndpoint: config.cognitoEndpoint,
  }),
});
