import { CognitoUserDirectory } from '../../adapters/user-directory.js';
import type { ServiceModule } from '../deps.js';

/** The user pool's admin API: read a user's email, delete a user. */
export const cognitoIdp: ServiceModule<'cognito-idp'> = (config) => ({
  users: new CognitoUserDirectory({
    region: config.region,
    userPoolId: config.userPoolId,
    endpoint: config.cognitoEndpoint,
  }),
});
