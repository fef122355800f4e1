import { type BackendConfig, loadConfig } from '../config.js';
import type { AwsService } from '../topology/functions.js';
import { assembleDeps, type Deps, depsGeneration, replacedDeps, type ServiceModule } from './deps.js';
import { apigatewayManagement } from './services/apigateway-management.js';
import { cognitoIdp } from './services/cognito-idp.js';
import { cognitoJwks } from './services/cognito-jwks.js';
import { dynamodb, EVERY_STORE } from './services/dynamodb.js';
import { secretsManager } from './services/secrets-manager.js';
import { ses } from './services/ses.js';
import { sqs } from './services/sqs.js';
import { stripe } from './services/stripe.js';

/** Every service module: what a process running every function needs (tests, benchmarks, scripts). */
const EVERY_SERVICE: { readonly [S in AwsService]: ServiceModule<S> } = {
  dynamodb: dynamodb(...EVERY_STORE),
  sqs,
  'secrets-manager': secretsManager,
  'cognito-idp': cognitoIdp,
  'cognito-jwks': cognitoJwks,
  'apigateway-management': apigatewayManagement,
  stripe,
  ses,
};

/**
 * Every member of {@link Deps}, from every service: for tests, benchmarks and
 * scripts that stand in for several functions at once. Handlers use
 * `functionDeps`, which builds only what their topology entry lists.
 *
 * @example
 * ```ts
 * setDeps({ ...(await createDeps(loadConfig())), now: () => fixedTime });
 * ```
 */
export async function createDeps(config: BackendConfig): Promise<Deps> {
  return assembleDeps(
    'every function',
    config,
    EVERY_SERVICE as Partial<Record<AwsService, ServiceModule<AwsService>>>,
  );
}

let every: Promise<Deps> | undefined;
let everyIn = depsGeneration();

/**
 * {@link createDeps} from the environment, once per process (or what `setDeps` set).
 *
 * @example
 * ```ts
 * const { db } = await getDeps();
 * ```
 */
export function getDeps(): Promise<Deps> {
  const replaced = replacedDeps();
  if (replaced) return replaced;
  if (everyIn !== depsGeneration()) {
    every = undefined;
    everyIn = depsGeneration();
  }
  every ??= createDeps(loadConfig()).catch((error: unknown) => {
    every = undefined;
    throw error;
  });
  return every;
}
