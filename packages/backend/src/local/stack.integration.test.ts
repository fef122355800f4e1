import { readFile } from 'node:fs/promises';
import {
  AdminConfirmSignUpCommand,
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { QUEUES } from '../topology/queues.js';
import { TABLES } from '../topology/tables.js';
import { localClientConfig } from './support/aws-config.js';

// The global setup passes the handlers' environment; the emulators' endpoints are in it.
const { apiUrl, env } = inject('localStack');
const stack = {
  env,
  endpoints: {
    dynamodb: env.DYNAMODB_ENDPOINT ?? '',
    sqs: env.SQS_ENDPOINT ?? '',
    cognito: env.COGNITO_ENDPOINT ?? '',
  },
  userPoolId: env.USER_POOL_ID ?? '',
  userPoolClientId: env.USER_POOL_CLIENT_ID ?? '',
  confirmationCodesUrl: apiUrl.replace(/\/api$/, '/@local/confirmation-codes/'),
};
const ddb = new DynamoDBClient(localClientConfig(stack.endpoints.dynamodb));
const sqs = new SQSClient(localClientConfig(stack.endpoints.sqs));
const cognito = new CognitoIdentityProviderClient(localClientConfig(stack.endpoints.cognito));
afterAll(() => {
  ddb.destroy();
  sqs.destroy();
  cognito.destroy();
});

describe('local stack (started by the global setup)', () => {
  it.each(TABLES.map((table) => [table.id, table] as const))(
    'creates table %s as tables.ts defines it',
    async (_, table) => {
      const tableName = stack.env[table.envVar] ?? '';
      const { Table } = await ddb.send(new DescribeTableCommand({ TableName: tableName }));
      const ttl = await ddb.send(new DescribeTimeToLiveCommand({ TableName: tableName }));

      expect(tableName).toBe(`cartkit-local-${table.id}`);
      expect(Table?.KeySchema?.find((k) => k.KeyType === 'HASH')?.AttributeName).toBe(table.partitionKey);
      expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
      if (table.stream) {
        expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
        expect(Table?.LatestStreamArn).toBeTruthy();
      } else {
        expect(Table?.StreamSpecification?.StreamEnabled ?? false).toBe(false);
      }
      const indexes = 'globalSecondaryIndexes' in table ? table.globalSecondaryIndexes : [];
      // As a set: DynamoDB Local lists a table's indexes in no particular order (not the definition's).
      expect((Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName) ?? []).sort()).toEqual(
        indexes.map((i) => i.indexName).sort(),
      );
      if ('ttlAttribute' in table) {
        expect(ttl.TimeToLiveDescription).toMatchObject({
          AttributeName: table.ttlAttribute,
          TimeToLiveStatus: 'ENABLED',
        });
      }
    },
  );

  it('seeds the catalog into the products table', async () => {
    const catalog = JSON.parse(await readFile(new URL('../../data/catalog.json', import.meta.url), 'utf8')) as {
      sku: string;
    }[];
    // Other files of the run add products through the admin API to the same stack, so the
    // seed is proven by every catalog SKU being there (not by the table's count).
    const scan = await ddb.send(
      new ScanCommand({ TableName: stack.env.PRODUCTS_TABLE, ProjectionExpression: 'sku', ConsistentRead: true }),
    );
    const stored = new Set((scan.Items ?? []).map((item) => String(item.sku?.S)));

    expect(catalog.length).toBeGreaterThan(0);
    expect(catalog.map((product) => product.sku).filter((sku) => !stored.has(sku))).toEqual([]);
  });

  it.each(QUEUES.map((queue) => [queue.id, queue] as const))(
    'creates queue %s with its DLQ and redrive',
    async (_, queue) => {
      const queueUrl = stack.env[queue.envVar] ?? '';
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }),
      );
      const dlq = await sqs.send(new GetQueueUrlCommand({ QueueName: `cartkit-local-${queue.id}-dlq` }));
      const dlqArn = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }),
      );

      expect(stack.env[queue.dlqEnvVar]).toBe(dlq.QueueUrl);
      expect(Attributes?.VisibilityTimeout).toBe(String(queue.visibilityTimeoutSeconds));
      expect(JSON.parse(Attributes?.RedrivePolicy ?? '{}')).toEqual({
        deadLetterTargetArn: dlqArn.Attributes?.QueueArn,
        maxReceiveCount: queue.maxReceiveCount,
      });
    },
  );

  it('signs a user up and in on cognito-local with tokens the production verifier accepts', async () => {
    const email = `stack-test-${Date.now()}@example.com`;
    const password = 'Correct-horse-9';
    await cognito.send(
      new SignUpCommand({
        ClientId: stack.userPoolClientId,
        Username: email,
        Password: password,
        UserAttributes: [{ Name: 'email', Value: email }],
      }),
    );
    await cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: stack.userPoolId, Username: email }));
    const auth = await cognito.send(
      new InitiateAuthCommand({
        ClientId: stack.userPoolClientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    );
    // The verifier builds the AWS JWKS URI from the issuer; serve it from cognito-local instead.
    const jwksCache = new SimpleJwksCache({
      fetcher: {
        fetch: async (uri) => {
          const res = await fetch(`${stack.endpoints.cognito}${new URL(uri).pathname}`);
          return res.arrayBuffer();
        },
      },
    });
    const verifier = CognitoJwtVerifier.create(
      { userPoolId: stack.userPoolId, tokenUse: 'access', clientId: stack.userPoolClientId },
      { jwksCache },
    );

    const payload = await verifier.verify(auth.AuthenticationResult?.AccessToken ?? '');

    expect(stack.userPoolId).toMatch(/^us-east-1_\w+$/);
    expect(payload.iss).toBe(`https://cognito-idp.us-east-1.amazonaws.com/${stack.userPoolId}`);
    expect(payload.token_use).toBe('access');
  });

  it('exposes the sign-up confirmation code cognito-local printed, and the code confirms', async () => {
    const email = `code-test-${Date.now()}@example.com`;
    await cognito.send(
      new SignUpCommand({
        ClientId: stack.userPoolClientId,
        Username: email,
        Password: 'Correct-horse-9',
        UserAttributes: [{ Name: 'email', Value: email }],
      }),
    );

    const res = await fetch(`${stack.confirmationCodesUrl}${encodeURIComponent(email)}`);
    const { code } = (await res.json()) as { code: string };
    await cognito.send(
      new ConfirmSignUpCommand({ ClientId: stack.userPoolClientId, Username: email, ConfirmationCode: code }),
    );

    expect(code).toMatch(/^\d{6}$/);
    expect((await fetch(`${stack.confirmationCodesUrl}nobody%40example.com`)).status).toBe(404);
  });
});
