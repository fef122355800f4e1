import type { ProvisionedQueue } from '../emulators/sqs.js';
import { LOCAL_REGION } from '../support/aws-config.js';
import type { ProvisionedTable } from '../emulators/provision.js';
import { ENV } from '../../topology/env.js';
import { LOCAL_WEBSOCKET_PATH } from '../../topology/websocket-routes.js';

/** Everything the environment of the local handlers is made from. */
export interface LocalEnvInputs {
  readonly port: number;
  readonly tables: readonly ProvisionedTable[];
  readonly queues: readonly ProvisionedQueue[];
  readonly endpoints: {
    readonly dynamodb: string;
    readonly cognito: string;
    readonly sqs: string;
    readonly ses: string;
    readonly stripe: string;
  };
  /** The local Stripe's test keys (per start). */
  readonly stripe: { readonly apiKey: string; readonly webhookSecret: string };
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  /** The cart token secret's id, which the secrets extension's stand-in serves. */
  readonly cartTokenSecretId: string;
  /** The stand-in of the Parameters and Secrets extension (`lambda/secrets-extension.ts`). */
  readonly secretsExtension: { readonly port: number; readonly token: string };
  /** The `@connections` API's own loopback endpoint (see `connections-api.ts`). */
  readonly connectionsEndpoint: string;
  /**
   * The handlers' AWS key pair: a per-stack secret, so that only the handlers can sign
   * `@connections` calls. The emulators accept any well-formed key.
   */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly currency?: string;
  /** Federated sign-in through the hosted sign-in stand-in (`OAUTH_CONFIG`). */
  readonly oauth?: {
    readonly domain: string;
    readonly providers: readonly { readonly id: string; readonly name: string }[];
    readonly redirectUri: string;
    readonly logoutUri: string;
  };
}

/**
 * The environment the CDK app gives each Lambda function, with local
 * endpoints: the same variable names (`ENV` of the topology, the ones
 * `ENV_SET_BY` marks `local`), table names from TABLES' `envVar`s, queue and
 * DLQ URLs from QUEUES'.
 *
 * @example
 * ```ts
 * Object.assign(process.env, localEnv(inputs));
 * ```
 */
export function localEnv(inputs: LocalEnvInputs): Record<string, string> {
  const env: Record<string, string> = {
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: inputs.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: inputs.credentials.secretAccessKey,
    // As on Lambda, the session token is what the secrets extension asks for.
    AWS_SESSION_TOKEN: inputs.secretsExtension.token,
    [ENV.secretsExtensionPort]: String(inputs.secretsExtension.port),
    [ENV.userPoolId]: inputs.userPoolId,
    [ENV.userPoolClientId]: inputs.userPoolClientId,
    [ENV.cognitoEndpoint]: inputs.endpoints.cognito,
    [ENV.dynamoEndpoint]: inputs.endpoints.dynamodb,
    [ENV.sqsEndpoint]: inputs.endpoints.sqs,
    // Browsers get localhost (a secure context, and what ALLOWED_ORIGINS=localhost allows);
    // the handlers' own calls go to the loopback address the gateway binds.
    [ENV.realtimeUrl]: `ws://localhost:${inputs.port}${LOCAL_WEBSOCKET_PATH}`,
    [ENV.connectionsEndpoint]: inputs.connectionsEndpoint,
    // The gateway serves examples/ (and so /assets/products/*) at its root, as CloudFront does on AWS.
    [ENV.publicAssetBaseUrl]: `http://localhost:${inputs.port}`,
    [ENV.currency]: inputs.currency ?? 'USD',
    [ENV.cartTokenSecretArn]: inputs.cartTokenSecretId,
    [ENV.allowedOrigins]: 'localhost',
    [ENV.oauth]: inputs.oauth ? JSON.stringify(inputs.oauth) : '',
    [ENV.stripeSecretKey]: inputs.stripe.apiKey,
    [ENV.stripeWebhookSecret]: inputs.stripe.webhookSecret,
    [ENV.stripeApiUrl]: inputs.endpoints.stripe,
    [ENV.sesEndpoint]: inputs.endpoints.ses,
    [ENV.receiptFromAddress]: 'cartkit shop <receipts@shop.localhost>',
    [ENV.orderPageUrl]: `http://localhost:${inputs.port}/storefront/`,
  };
  for (const table of inputs.tables) env[table.definition.envVar] = table.tableName;
  for (const { definition, queue, dlq } of inputs.queues) {
    env[definition.envVar] = queue.url;
    env[definition.dlqEnvVar] = dlq.url;
  }
  return env;
}
