import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { envNamesSetBy } from '../topology/env.js';
import { FUNCTIONS } from '../topology/functions.js';
import { QUEUES } from '../topology/queues.js';
import { TABLES } from '../topology/tables.js';
import { LOCAL_WEBSOCKET_PATH, WEBSOCKET_ROUTES } from '../topology/websocket-routes.js';
import { localEnv } from './lambda/env.js';
import { type Gateway, startGateway } from './api-gateway/gateway.js';
import type { HandlerRegistry, LambdaHandler } from './lambda/handlers.js';
import { lambdaContext } from './lambda/lambda-context.js';
import { silentLogger } from './support/log.js';
import { createWebSocketApi, type WebSocketApi } from './api-gateway/websocket/websocket.js';

/**
 * The local stack's side of "one topology": its environment, timeouts and
 * WebSocket routes come from src/topology/, as the CDK template's do
 * (cdk/topology.test.ts).
 */
describe('the local stack, generated from the topology', () => {
  it('sets exactly the environment names the topology marks local, tables and queues included', () => {
    const env = localEnv({
      port: 3000,
      tables: TABLES.map((definition) => ({
        definition,
        tableName: `t-${definition.id}`,
        streamArn: undefined,
        created: true,
      })),
      queues: QUEUES.map((definition) => ({
        definition,
        queue: { url: `http://q/${definition.id}`, arn: `arn:q:${definition.id}` },
        dlq: { url: `http://q/${definition.id}-dlq`, arn: `arn:q:${definition.id}-dlq` },
      })),
      endpoints: { dynamodb: 'http://d', cognito: 'http://c', sqs: 'http://s', ses: 'http://e', stripe: 'http://p' },
      stripe: { apiKey: 'sk_test_x', webhookSecret: 'whsec_x' },
      userPoolId: 'pool',
      userPoolClientId: 'client',
      cartTokenSecretId: 'cartkit-local-cart-token-secret',
      secretsExtension: { port: 2773, token: 'session' },
      connectionsEndpoint: 'http://127.0.0.1:1',
      credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'secret' },
    });

    expect(Object.keys(env).sort()).toEqual(
      [
        ...TABLES.map((t) => t.envVar),
        ...QUEUES.flatMap((q) => [q.envVar, q.dlqEnvVar]),
        ...envNamesSetBy('local'),
        'AWS_REGION',
        'AWS_DEFAULT_REGION',
        'AWS_ACCESS_KEY_ID',
        'AWS_SECRET_ACCESS_KEY',
        'AWS_SESSION_TOKEN',
      ].sort(),
    );
    expect(new URL(env.REALTIME_URL ?? '').pathname).toBe(LOCAL_WEBSOCKET_PATH);
  });

  it("gives each function's invocations its topology timeout", () => {
    for (const fn of FUNCTIONS) {
      const remaining = lambdaContext(fn.name).getRemainingTimeInMillis();
      expect(remaining, fn.name).toBeLessThanOrEqual(fn.timeoutSeconds * 1000);
      expect(remaining, fn.name).toBeGreaterThan(fn.timeoutSeconds * 1000 - 1000);
    }
    expect(() => lambdaContext('no-such-function')).toThrow(/No function no-such-function/);
  });

  describe('WebSocket API', () => {
    let gateway: Gateway | undefined;
    let api: WebSocketApi | undefined;
    afterEach(async () => {
      await api?.close();
      await gateway?.close();
    });

    it('invokes the WEBSOCKET_ROUTES function of each route: handshake, message, close', async () => {
      const invoked: string[] = [];
      const handler =
        (name: string): LambdaHandler =>
        async () => {
          invoked.push(name);
          return { statusCode: 200, body: 'pong' };
        };
      const handlers: HandlerRegistry = {
        load: async (name) => handler(name),
        has: async () => true,
        lazy: (name) => handler(name),
      };
      api = createWebSocketApi({ handlers, log: silentLogger });
      gateway = await startGateway({
        port: 0,
        handlers,
        log: silentLogger,
        upgrades: { [LOCAL_WEBSOCKET_PATH]: api.upgrade },
      });

      const socket = new WebSocket(`${gateway.url.replace('http', 'ws')}${LOCAL_WEBSOCKET_PATH}`);
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      const answer = new Promise((resolve) => socket.once('message', (data) => resolve(String(data))));
      socket.send('{"type":"ping"}');
      expect(await answer).toBe('pong');
      socket.close();
      await api.close();

      const handlerOf = (key: string) => WEBSOCKET_ROUTES.find((r) => r.routeKey === key)?.handler;
      expect(invoked).toEqual([handlerOf('$connect'), handlerOf('$default'), handlerOf('$disconnect')]);
    });
  });
});
