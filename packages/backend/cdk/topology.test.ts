import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV, envNamesSetBy, POOL_BOUND_ENV } from '../src/topology/env.js';
import { SCHEDULES, STREAM_SOURCE, STREAMED_TABLES } from '../src/topology/event-sources.js';
import { FUNCTIONS, type FunctionDefinition, type FunctionName } from '../src/topology/functions.js';
import { DEFAULT_ROUTE, ROUTES } from '../src/topology/http-routes.js';
import { QUEUES } from '../src/topology/queues.js';
import { TABLES } from '../src/topology/tables.js';
import { USER_POOL_TRIGGERS } from '../src/topology/user-pool-triggers.js';
import { WEBSOCKET_ROUTES } from '../src/topology/websocket-routes.js';
import { BACKEND_DIR } from './paths.js';
import { readsSecret } from './functions.js';
import { DATA_ACCESS } from './tables.js';
import { actionsOf, cartkitStack, lambda, referencedIds, resources, statementsOf, tableAccess } from './testing.js';

/**
 * The deploy topology (src/topology/) is the one definition: every function,
 * route, event source, grant and environment name in the template comes from
 * it. The local stack's side of the same proof is src/local/topology.test.ts.
 */
const DEFINITIONS: readonly FunctionDefinition[] = FUNCTIONS;
/** The variables the secrets extension's layer sets (its own names, not the topology's). */
const EXTENSION_ENV = /^(PARAMETERS_SECRETS_EXTENSION_|SECRETS_MANAGER_|SSM_PARAMETER_STORE_)/;
const HANDLERS_DIR = join(BACKEND_DIR, 'src', 'handlers');
/** What a stream event source mapping grants its function (STREAM_SOURCE), beside the entry's own table access. */
const STREAM_READS = new Set([
  'dynamodb:DescribeStream',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
  'dynamodb:ListStreams',
]);

describe('topology', () => {
  it('names one handler file per function, and no handler file outside it', () => {
    const files = readdirSync(HANDLERS_DIR)
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .map((file) => file.replace(/\.ts$/, ''))
      .sort();

    expect(files).toEqual(DEFINITIONS.map((fn) => fn.name).sort());
    for (const fn of DEFINITIONS) expect(existsSync(join(HANDLERS_DIR, `${fn.name}.ts`)), fn.name).toBe(true);
  });

  it('gives every function exactly the trigger its routes and event sources say', () => {
    const invokedBy = new Map<string, Set<string>>();
    const add = (name: string, trigger: string) => invokedBy.set(name, (invokedBy.get(name) ?? new Set()).add(trigger));
    for (const route of ROUTES) add(route.handler, 'http');
    add(DEFAULT_ROUTE.handler, 'http');
    for (const route of WEBSOCKET_ROUTES) add(route.handler, 'websocket');
    for (const queue of QUEUES) add(queue.consumer, 'queue');
    add(STREAM_SOURCE.handler, 'stream');
    for (const schedule of SCHEDULES) add(schedule.handler, 'schedule');
    for (const trigger of USER_POOL_TRIGGERS) add(trigger.handler, 'cognito');

    for (const fn of DEFINITIONS) expect([...(invokedBy.get(fn.name) ?? [])], fn.name).toEqual([fn.trigger]);
    expect([...invokedBy.keys()].sort()).toEqual(DEFINITIONS.map((fn) => fn.name).sort());
  });

  it('lists a service for every kind of access a function has, and no service it does not use', () => {
    for (const fn of DEFINITIONS) {
      expect(fn.services.includes('dynamodb'), fn.name).toBe(Object.keys(fn.tables).length > 0);
      // A queue's consumer may also call SQS on its own messages (the webhook worker's backoff sets their
      // visibility; the event source's grant covers it); any other use of SQS is a send the topology lists.
      const consumer = QUEUES.some((queue) => queue.consumer === fn.name);
      if (fn.sendsTo.length > 0) expect(fn.services.includes('sqs'), fn.name).toBe(true);
      else if (!consumer) expect(fn.services.includes('sqs'), fn.name).toBe(false);
      expect(fn.services.includes('cognito-idp'), fn.name).toBe(fn.userPoolActions.length > 0);
    }
  });
});

describe('the CDK template, generated from the topology', () => {
  const { template } = cartkitStack({ apiReservedConcurrency: '50' });
  const byName = (name: string) => lambda(template, name as FunctionName);

  it('deploys each function of FUNCTIONS with its timeout and reserved concurrency', () => {
    for (const fn of DEFINITIONS) {
      const [, resource] = byName(fn.name);
      expect(resource.Properties.Timeout, fn.name).toBe(fn.timeoutSeconds);
      expect(resource.Properties.ReservedConcurrentExecutions, fn.name).toBe(
        fn.reservedConcurrency === 'api' ? 50 : undefined,
      );
    }
  });

  it('sets on every function exactly the environment names the topology marks for AWS', () => {
    const expected = [
      ...TABLES.map((t) => t.envVar),
      ...QUEUES.map((q) => q.envVar),
      ...envNamesSetBy('aws'),
      'NODE_OPTIONS',
    ].sort();
    // A user pool trigger cannot name the pool's ids (the pool names the trigger): it reads them from its event.
    const poolBound = new Set<string>(POOL_BOUND_ENV.map((key) => ENV[key]));
    for (const fn of DEFINITIONS) {
      const env = (byName(fn.name)[1].Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      // The secrets extension's layer brings its own settings (port, cache) to the functions that read a secret.
      const own = Object.keys(env).filter((key) => !EXTENSION_ENV.test(key));
      expect(own.sort(), fn.name).toEqual(
        fn.trigger === 'cognito' ? expected.filter((name) => !poolBound.has(name)) : expected,
      );
      expect(env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT, fn.name).toBe(readsSecret(fn) ? '2773' : undefined);
    }
  });

  it('gives the Parameters and Secrets extension layer to exactly the functions that read a secret', () => {
    for (const fn of DEFINITIONS) {
      const layers = (byName(fn.name)[1].Properties.Layers ?? []) as unknown[];
      const extension = layers.filter((layer) =>
        JSON.stringify(layer).includes('AWS-Parameters-and-Secrets-Lambda-Extension'),
      );
      expect(extension.length, fn.name).toBe(readsSecret(fn) ? 1 : 0);
    }
  });

  it('routes each WEBSOCKET_ROUTES key to its function, returning the response where asked', () => {
    const [apiId] =
      resources(template, 'AWS::ApiGatewayV2::Api').find(([, a]) => a.Properties.ProtocolType === 'WEBSOCKET') ?? [];
    const routes = resources(template, 'AWS::ApiGatewayV2::Route').filter(
      ([, r]) => referencedIds(r.Properties.ApiId)[0] === apiId,
    );

    expect(routes.map(([, r]) => r.Properties.RouteKey).sort()).toEqual(WEBSOCKET_ROUTES.map((r) => r.routeKey).sort());
    for (const route of WEBSOCKET_ROUTES) {
      const [, resource] = routes.find(([, r]) => r.Properties.RouteKey === route.routeKey) ?? [];
      const integration = template.toJSON().Resources[referencedIds(resource?.Properties.Target)[0] ?? ''];
      expect(referencedIds(integration.Properties.IntegrationUri)[0], route.routeKey).toBe(byName(route.handler)[0]);
      expect(resource?.Properties.RouteResponseSelectionExpression, route.routeKey).toBe(
        route.returnResponse ? '$default' : undefined,
      );
    }
  });

  it('feeds each queue to its consumer and each streamed table to STREAM_SOURCE, with their batch sizes', () => {
    const mappings = resources(template, 'AWS::Lambda::EventSourceMapping').map(([, m]) => ({
      source: referencedIds(m.Properties.EventSourceArn)[0]?.replace(/[0-9A-F]{8}$/, ''),
      target: referencedIds(m.Properties.FunctionName)[0],
      batchSize: m.Properties.BatchSize,
    }));
    const expected = [
      ...QUEUES.map((q) => ({ source: `Queues${q.id}`, target: byName(q.consumer)[0], batchSize: q.batchSize })),
      ...STREAMED_TABLES.map((id) => ({
        source: `Tables${id}`,
        target: byName(STREAM_SOURCE.handler)[0],
        batchSize: STREAM_SOURCE.batchSize,
      })),
    ];

    const order = (a: { source?: string }, b: { source?: string }) => String(a.source).localeCompare(String(b.source));
    expect(mappings.sort(order)).toEqual(expected.sort(order));
  });

  it('grants each function the table access, queues, user pool actions and services of its entry, nothing else', () => {
    const tableIds = TABLES.map((t) => t.id);
    for (const fn of DEFINITIONS) {
      const name = fn.name as FunctionName;
      const statements = statementsOf(template, name);
      const actions = statements.flatMap(actionsOf);
      const expectedTables = Object.fromEntries(
        Object.entries(fn.tables).map(([id, access]) => [
          id,
          [...new Set((access ?? []).flatMap((kind) => DATA_ACCESS[kind]))].sort(),
        ]),
      );
      const granted = Object.fromEntries(
        [...tableAccess(template, name, tableIds)]
          .map(([id, set]) => [id, [...set].filter((a) => !STREAM_READS.has(a))])
          .filter(([, set]) => (set as string[]).length > 0)
          .map(([id, set]) => [id, (set as string[]).sort()]),
      );
      expect(granted, name).toEqual(expectedTables);

      const sends = statements
        .filter((s) => actionsOf(s).includes('sqs:SendMessage'))
        .flatMap((s) => referencedIds(s.Resource))
        .filter((id) => !id.startsWith('PipelineStreamFailures'))
        .map((id) => id.replace(/^Queues/, '').replace(/[0-9A-F]{8}$/, ''));
      expect(sends.sort(), name).toEqual([...fn.sendsTo].sort());
      expect(actions.filter((a) => a.startsWith('cognito-idp:')).sort(), name).toEqual([...fn.userPoolActions].sort());
      // The Stripe service reads the Stripe secret: only those two services read any secret.
      expect(actions.includes('secretsmanager:GetSecretValue'), name).toBe(
        fn.services.includes('secrets-manager') || fn.services.includes('stripe'),
      );
      expect(
        actions.some((a) => a.startsWith('ses:')),
        name,
      ).toBe(fn.services.includes('ses'));
      expect(actions.includes('execute-api:ManageConnections'), name).toBe(
        fn.services.includes('apigateway-management'),
      );
    }
  });
});
