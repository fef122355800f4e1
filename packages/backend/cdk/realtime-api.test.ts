import { describe, expect, it } from 'vitest';
import { cartkitStack, lambda, referencedIds, resources, single } from './testing.js';

describe('RealtimeApi', () => {
  const { template } = cartkitStack({ realtimeRateLimit: '10', realtimeBurstLimit: '20' });
  const [apiId] = single(
    resources(template, 'AWS::ApiGatewayV2::Api').filter(([, a]) => a.Properties.ProtocolType === 'WEBSOCKET'),
  );
  const routes = resources(template, 'AWS::ApiGatewayV2::Route').filter(
    ([, r]) => referencedIds(r.Properties.ApiId)[0] === apiId,
  );

  it('routes $connect, $disconnect and $default to the ws-* handlers', () => {
    const targets = Object.fromEntries(
      routes.map(([, r]) => {
        const integration = template.toJSON().Resources[referencedIds(r.Properties.Target)[0] ?? ''];
        return [r.Properties.RouteKey, referencedIds(integration.Properties.IntegrationUri)[0]];
      }),
    );

    expect(targets).toEqual({
      $connect: lambda(template, 'ws-connect')[0],
      $disconnect: lambda(template, 'ws-disconnect')[0],
      $default: lambda(template, 'ws-default')[0],
    });
  });

  it('returns $default route responses, so ping gets its pong', () => {
    const [, route] = routes.find(([, r]) => r.Properties.RouteKey === '$default')!;

    expect(route.Properties.RouteResponseSelectionExpression).toBe('$default');
  });

  it('serves stage live, auto-deployed, throttled and logged', () => {
    const [, stage] = single(
      resources(template, 'AWS::ApiGatewayV2::Stage').filter(([, s]) => referencedIds(s.Properties.ApiId)[0] === apiId),
    );

    expect(stage.Properties).toMatchObject({
      StageName: 'live',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
    });
    expect(stage.Properties.AccessLogSettings).toBeDefined();
  });

  it('tells the handlers the wss:// URL and the @connections endpoint of stage live', () => {
    const [, fn] = lambda(template, 'stream-processor');
    const env = JSON.stringify(fn.Properties.Environment);

    expect(env).toMatch(
      new RegExp(`"REALTIME_URL":\\{"Fn::Join":\\["",\\["wss://",\\{"Ref":"${apiId}"\\}.*?"/live"\\]`),
    );
    expect(env).toMatch(
      new RegExp(`"CONNECTIONS_ENDPOINT":\\{"Fn::Join":\\["",\\["https://",\\{"Ref":"${apiId}"\\}.*?"/live"\\]`),
    );
  });
});
