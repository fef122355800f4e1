#!/usr/bin/env node
/**
 * Makes an account a shop admin: adds it to the Cognito group `admin`
 * (AdminAddUserToGroup). Its next sign-in (or token refresh) carries
 * `cognito:groups: ["admin"]`, which `/api/admin/*` requires.
 *
 * Usage:
 *   local stack (the command `pnpm start` prints):  pnpm admin:grant <email> --endpoint http://127.0.0.1:PORT
 *   AWS (your credentials):                         pnpm admin:grant <email> --user-pool-id <UserPoolId> [--region R]
 *   take it away again:                             add --revoke
 */
import { parseArgs } from 'node:util';
import {
  AdminAddUserToGroupCommand,
  AdminRemoveUserFromGroupCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { LOCAL_USER_POOL_ID } from '../src/local/emulators/cognito.js';
import { localClientConfig } from '../src/local/support/aws-config.js';
import { ADMIN_GROUP } from '../src/topology/admin.js';

const USAGE =
  'usage: pnpm admin:grant <email> (--endpoint http://127.0.0.1:PORT | --user-pool-id ID [--region R]) [--revoke]';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    endpoint: { type: 'string' },
    'user-pool-id': { type: 'string' },
    region: { type: 'string' },
    revoke: { type: 'boolean', default: false },
  },
});
const [email] = positionals;
if (!email || positionals.length !== 1 || (!values.endpoint && !values['user-pool-id'])) {
  console.error(USAGE);
  process.exit(2);
}
const client = values.endpoint
  ? new CognitoIdentityProviderClient(localClientConfig(values.endpoint))
  : new CognitoIdentityProviderClient(values.region ? { region: values.region } : {});
const input = { UserPoolId: values['user-pool-id'] ?? LOCAL_USER_POOL_ID, Username: email, GroupName: ADMIN_GROUP };
try {
  await client.send(values.revoke ? new AdminRemoveUserFromGroupCommand(input) : new AdminAddUserToGroupCommand(input));
} catch (error) {
  console.error(`admin:grant failed: ${(error as Error).name}: ${(error as Error).message}`);
  process.exit(1);
} finally {
  client.destroy();
}
console.log(
  values.revoke
    ? `${email} is no longer in the "${ADMIN_GROUP}" group (tokens issued before keep the claim until they expire).`
    : `${email} is now in the "${ADMIN_GROUP}" group: sign in again to get a token that carries it.`,
);
