import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUTE, ROUTES, routeKey } from '../src/topology/http-routes.js';
import { cartkitStack, lambda, referencedIds, resources, single } from './testing.js';

describe('CartHttpApi', () => {
  const { template } = cartkitStack({ apiRateLimit: '25', apiBurstLimit: '50' });
  const httpApis = resources(template, 'AWS::ApiGatewayV2::Api').filter(
    ([, api]) => api.Properties.ProtocolType === 'HTTP',
  );
  const apiId = httpApis[0]?.[0];
  const routes = resources(template, 'AWS::ApiGatewayV2::Route').filter(
    ([, r]) => referencedIds(r.Properties.ApiId)[0] === apiId,
  );

  /** The Lambda behind a route: route -> integration -> function logical id. */
  function handlerOf(route: (typeof routes)[number][1]): string | undefined {
    const integrationId = JSON.stringify(route.Properties.Target).match(/"Ref":"([^"]+)"/)?.[1];
    const integration = template.toJSON().Resources[integrationId ?? ''];
    return referencedIds(integration?.Properties.IntegrationUri)[0];
  }

  it('has one HTTP API and routes exactly ROUTES plus $default', () => {
    expect(httpApis).toHaveLength(1);
    const keys = routes.map(([, r]) => r.Properties.RouteKey).sort();

    expect(keys).toEqual([...ROUTES.map(routeKey), DEFAULT_ROUTE.routeKey].sort());
  });

  it('sends each route to the Lambda of its handler', () => {
    for (const [, route] of routes) {
      const key = route.Properties.RouteKey as string;
      const handler = key === '$default' ? DEFAULT_ROUTE.handler : ROUTES.find((r) => routeKey(r) === key)?.handler;
      expect(handlerOf(route), key).toBe(lambda(template, handler!)[0]);
    }
  });

  it('leaves CORS to the handler and verification to the handlers (no API Gateway CORS, no authorizer)', () => {
    expect(httpApis[0]?.[1].Properties.CorsConfiguration).toBeUndefined();
    for (const [, route] of routes) expect(route.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
    expect(resources(template, 'AWS::ApiGatewayV2::Authorizer')).toHaveLength(0);
  });

  it('uses payload format 2.0, which the handlers and the local gateway speak', () => {
    const integrations = resources(template, 'AWS::ApiGatewayV2::Integration').filter(
      ([, i]) => referencedIds(i.Properties.ApiId)[0] === apiId,
    );

    expect(integrations.length).toBeGreaterThan(0);
    for (const [id, integration] of integrations) expect(integration.Properties.PayloadFormatVersion, id).toBe('2.0');
  });

  it('throttles the auto-deployed $default stage and writes JSON access logs', () => {
    const [, stage] = single(
      resources(template, 'AWS::ApiGatewayV2::Stage').filter(([, s]) => referencedIds(s.Properties.ApiId)[0] === apiId),
    );

    expect(stage.Properties.StageName).toBe('$default');
    expect(stage.Properties.AutoDeploy).toBe(true);
    expect(stage.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 25, ThrottlingBurstLimit: 50 });
    const logs = stage.Properties.AccessLogSettings as { DestinationArn: unknown; Format: string };
    expect(JSON.parse(logs.Format)).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
    expect(referencedIds(logs.DestinationArn)[0]).toMatch(/^HttpApiAccessLogs/);
  });
});
