import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { HttpFunctionName } from '../src/topology/functions.js';
import { DEFAULT_ROUTE, ROUTES } from '../src/topology/http-routes.js';

export interface CartHttpApiProps {
  readonly rateLimit: number;
  readonly burstLimit: number;
  readonly logRetention: RetentionDays;
}

/** JSON access log line: enough to trace a request to its Lambda logs, no headers or bodies. */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latency: '$context.responseLatency',
  integrationError: '$context.integrationErrorMessage',
  userAgent: '$context.identity.userAgent',
} as const;

/**
 * The cart's HTTP API: one route per `ROUTES` entry plus `$default` (CORS
 * preflight and 404/405, answered by cart-api), a throttled `$default` stage
 * with JSON access logs. API Gateway's own CORS stays off: the handler owns it.
 * No authorizer: handlers verify Cognito JWTs and anonymous cart tokens themselves.
 * Routes are added by `route()` once the handlers exist, because the
 * handlers' allowed origins include the distribution in front of this API.
 *
 * @example
 * ```ts
 * const api = new CartHttpApi(this, 'HttpApi', { rateLimit: 100, burstLimit: 200, logRetention });
 * api.route({ 'cart-api': cartApi, account });
 * new CfnOutput(this, 'ApiUrl', { value: api.apiUrl });
 * ```
 */
export class CartHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  /** `https://{id}.execute-api.{region}.amazonaws.com/api`: the `{api}` base of the contract. */
  readonly apiUrl: string;
  /** `{id}.execute-api.{region}.amazonaws.com`: the CloudFront origin. */
  readonly domainName: string;

  constructor(scope: Construct, id: string, props: CartHttpApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', {
      description: 'cartkit cart API',
      createDefaultStage: false,
    });
    const logGroup = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(logGroup),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    const stack = Stack.of(this);
    this.domainName = `${this.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
    this.apiUrl = `https://${this.domainName}/api`;
  }

  /** Creates one route per `ROUTES` entry and `$default`, each to its handler's Lambda. */
  route(handlers: Readonly<Record<HttpFunctionName, IFunction>>): void {
    const integrations = new Map<HttpFunctionName, HttpLambdaIntegration>();
    const integration = (name: HttpFunctionName) => {
      let found = integrations.get(name);
      if (!found) {
        found = new HttpLambdaIntegration(`${name}-integration`, handlers[name]);
        integrations.set(name, found);
      }
      return found;
    };
    for (const route of ROUTES) {
      // Construct ids may not contain '/': GET-api-cart-items-sku for GET /api/cart/items/{sku}.
      new HttpRoute(this, `${route.method}${route.path.replace(/[^A-Za-z0-9]+/g, '-')}`, {
        httpApi: this.api,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration: integration(route.handler),
      });
    }
    new HttpRoute(this, 'DefaultRoute', {
      httpApi: this.api,
      routeKey: HttpRouteKey.DEFAULT,
      integration: integration(DEFAULT_ROUTE.handler),
    });
  }
}
