import { describe, expect, it } from 'vitest';
import { cartkitStack, lambda, referencedIds, resources, single, statementsOf } from './testing.js';

// Federated sign-in as deployed (issue 18): the app client's OAuth settings and URLs, the
// hosted sign-in domain, the PreSignUp linking trigger and its permissions, and no secret.
const FEDERATED = {
  allowedOrigins: 'https://shop.example.com,https://www.example.com,*',
  authDomainPrefix: 'shop-example',
  identityProviders: JSON.stringify({
    google: { clientId: 'google-client.apps.googleusercontent.com', clientSecretName: 'cartkit/google' },
    oidc: [
      {
        name: 'Okta',
        label: 'Okta Workforce',
        clientId: 'okta-client',
        clientSecretName: 'cartkit/okta',
        issuerUrl: 'https://example.okta.com',
      },
    ],
  }),
};

const json = (value: unknown) => JSON.stringify(value);

describe('federated sign-in in the template', () => {
  const { template, stack } = cartkitStack(FEDERATED);
  const [, client] = single(resources(template, 'AWS::Cognito::UserPoolClient'));
  const [poolId, pool] = single(resources(template, 'AWS::Cognito::UserPool'));
  const [apiId] = single(
    resources(template, 'AWS::ApiGatewayV2::Api').filter(([, a]) => a.Properties.ProtocolType === 'HTTP'),
  );

  it('runs the code flow only, with the SDK\u2019s scopes and the providers', () => {
    expect(client.Properties).toMatchObject({
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      GenerateSecret: false,
    });
    expect([...(client.Properties.AllowedOAuthScopes as string[])].sort()).toEqual(
      ['aws.cognito.signin.user.admin', 'email', 'openid', 'profile'].sort(),
    );
    expect(client.Properties.SupportedIdentityProviders).toHaveLength(3);
  });

  it('registers the API\u2019s callback page as the one callback URL', () => {
    const callbacks = client.Properties.CallbackURLs as unknown[];

    expect(callbacks).toHaveLength(1);
    expect(json(callbacks[0])).toContain('/api/auth/callback');
    expect(referencedIds(callbacks[0])).toEqual([apiId]);
  });

  it('registers the signed-out page and each allowed origin\u2019s root (and the storefront\u2019s) as logout URLs', () => {
    const logout = client.Properties.LogoutURLs as unknown[];
    const text = logout.map(json);

    expect(text.some((url) => url.includes('/api/auth/signed-out') && url.includes(apiId))).toBe(true);
    expect(logout).toEqual(expect.arrayContaining(['https://shop.example.com/', 'https://www.example.com/']));
    expect(text.some((url) => /HostingDistribution[0-9A-F]{8}/.test(url) && url.endsWith('/"]]}'))).toBe(true);
    // `*` is an allowed CORS origin but never a URL Cognito could register.
    expect(text.some((url) => url.includes('*'))).toBe(false);
    expect(logout).toHaveLength(4);
  });

  it('creates the hosted sign-in domain', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'shop-example' });
  });

  it('resolves provider secrets from Secrets Manager by name: no secret in the template', () => {
    for (const [id, provider] of resources(template, 'AWS::Cognito::UserPoolIdentityProvider')) {
      const details = provider.Properties.ProviderDetails as Record<string, unknown>;
      expect(details.client_secret, id).toMatch(
        /^\{\{resolve:secretsmanager:cartkit\/(google|okta):SecretString:::\}\}$/,
      );
      expect(json(provider.Properties.AttributeMapping), id).toContain('email_verified');
    }
    expect(json(template.toJSON())).not.toMatch(/"client_secret":"(?!\{\{resolve:secretsmanager:)/);
  });

  it('wires the PreSignUp trigger to the pre-sign-up function, which Cognito alone may invoke', () => {
    const [fnId] = lambda(template, 'pre-sign-up');
    const config = pool.Properties.LambdaConfig as Record<string, unknown>;

    expect(referencedIds(config.PreSignUp)).toEqual([fnId]);
    expect(Object.keys(config)).toEqual(['PreSignUp']);
    const [, permission] = single(
      resources(template, 'AWS::Lambda::Permission').filter(
        ([, p]) => p.Properties.Principal === 'cognito-idp.amazonaws.com',
      ),
    );
    expect(referencedIds(permission.Properties.FunctionName)).toEqual([fnId]);
    expect(referencedIds(permission.Properties.SourceArn)).toEqual([poolId]);
  });

  it('lets the trigger make only the linking calls, on this pool only', () => {
    const pooled = statementsOf(template, 'pre-sign-up').filter((s) =>
      [s.Action].flat().some((a) => a.startsWith('cognito-idp:')),
    );

    const [statement] = pooled;
    expect(pooled).toHaveLength(1);
    expect([statement?.Action].flat().sort()).toEqual(
      [
        'cognito-idp:AdminCreateUser',
        'cognito-idp:AdminDeleteUser',
        'cognito-idp:AdminLinkProviderForUser',
        'cognito-idp:AdminSetUserPassword',
        'cognito-idp:ListUsers',
      ].sort(),
    );
    expect(referencedIds(statement?.Resource)).toEqual([poolId]);
    expect(json(statement?.Resource)).not.toContain('*');
  });

  it('announces oauth to the functions (GET /config) with the hosted domain, the providers and the two URLs', () => {
    const env = (lambda(template, 'cart-api')[1].Properties.Environment as { Variables: Record<string, unknown> })
      .Variables;
    const oauth = json(stack.resolve(env.OAUTH_CONFIG));

    expect(oauth).toContain('https://shop-example.auth.');
    expect(oauth).toContain('.amazoncognito.com');
    expect(oauth).toContain('{\\"id\\":\\"Google\\",\\"name\\":\\"Google\\"}');
    expect(oauth).toContain('{\\"id\\":\\"Okta\\",\\"name\\":\\"Okta Workforce\\"}');
    expect(oauth).toContain('/api/auth/callback');
    expect(oauth).toContain('/api/auth/signed-out');
  });

  it('lets the storefront\u2019s pages reach the hosted sign-in\u2019s token endpoint (CSP connect-src)', () => {
    const policies = resources(template, 'AWS::CloudFront::ResponseHeadersPolicy').map(([, p]) => json(p.Properties));
    const storefront = single(
      policies.filter((p) => p.includes('connect-src')),
      'policy with a CSP',
    );
    expect(storefront).toMatch(/connect-src[^;]*https:\/\/shop-example\.auth\./);
  });
});

describe('without federated providers', () => {
  const { template } = cartkitStack();

  it('wires no trigger, offers no OAuth and announces oauth as none', () => {
    const [, pool] = single(resources(template, 'AWS::Cognito::UserPool'));
    const env = (lambda(template, 'cart-api')[1].Properties.Environment as { Variables: Record<string, unknown> })
      .Variables;

    expect(pool.Properties.LambdaConfig).toBeUndefined();
    expect(resources(template, 'AWS::Cognito::UserPoolDomain')).toHaveLength(0);
    expect(env.OAUTH_CONFIG).toBe('');
  });
});
