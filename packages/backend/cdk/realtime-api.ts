import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { LogGroupLogDestination, WebSocketApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { REALTIME_STAGE, WEBSOCKET_ROUTES } from '../src/topology/websocket-routes.js';
import { ACCESS_LOG_FIELDS } from './http-api.js';

export interface RealtimeApiProps {
  readonly rateLimit: number;
  readonly burstLimit: number;
  readonly logRetention: RetentionDays;
}

/**
 * The WebSocket API behind `realtimeUrl`: stage `live`, auto-deployed,
 * throttled, with access logs. Routes are added by `connect()` once the
 * handlers exist, because the handlers need this API's URLs first.
 *
 * @example
 * ```ts
 * const realtime = new RealtimeApi(this, 'Realtime', { rateLimit: 50, burstLimit: 100, logRetention });
 * realtime.connect(functions.byName);
 * ```
 */
export class RealtimeApi extends Construct {
  readonly api: WebSocketApi;
  readonly stage: WebSocketStage;
  /** `wss://{id}.execute-api.{region}.amazonaws.com/live`, env `REALTIME_URL`. */
  readonly url: string;
  /** `https://{id}.execute-api.{region}.amazonaws.com/live`, env `CONNECTIONS_ENDPOINT`. */
  readonly connectionsEndpoint: string;

  constructor(scope: Construct, id: string, props: RealtimeApiProps) {
    super(scope, id);
    this.api = new WebSocketApi(this, 'Api', { description: 'cartkit realtime cart and order updates' });
    const logGroup = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new WebSocketStage(this, 'LiveStage', {
      webSocketApi: this.api,
      stageName: REALTIME_STAGE,
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(logGroup),
        format: AccessLogFormat.custom(
          JSON.stringify({
            ...ACCESS_LOG_FIELDS,
            eventType: '$context.eventType',
            connectionId: '$context.connectionId',
          }),
        ),
      },
    });
    const stack = Stack.of(this);
    const host = `${this.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
    // Plain strings rather than stage.url, so handlers depend on the API only, not on the stage's deployment.
    this.url = `wss://${host}/${REALTIME_STAGE}`;
    this.connectionsEndpoint = `https://${host}/${REALTIME_STAGE}`;
  }

  /** Creates one route per `WEBSOCKET_ROUTES` entry (`$connect`, `$disconnect`, `$default`), each to its handler. */
  connect(handlers: Readonly<Record<(typeof WEBSOCKET_ROUTES)[number]['handler'], IFunction>>): void {
    for (const route of WEBSOCKET_ROUTES) {
      // Integration ids `connect`, `disconnect`, `default`: the route key without its `$`.
      this.api.addRoute(route.routeKey, {
        integration: new WebSocketLambdaIntegration(route.routeKey.slice(1), handlers[route.handler]),
        returnResponse: route.returnResponse || undefined,
      });
    }
  }

  /** `execute-api:ManageConnections` on this API's `live` stage only (post to, inspect and close sockets). */
  grantManageConnections(grantee: IGrantable): Grant {
    const arn = Stack.of(this).formatArn({ service: 'execute-api', resource: this.api.apiId });
    return Grant.addToPrincipal({
      grantee,
      actions: ['execute-api:ManageConnections'],
      resourceArns: [`${arn}/${REALTIME_STAGE}/*/@connections/*`],
    });
  }
}
