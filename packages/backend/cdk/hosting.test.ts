import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { DIRECTORY_INDEX_FUNCTION } from './hosting.js';
import { cartkitStack, resources, single } from './testing.js';

/** CloudFront's managed policy ids (the same in every account). */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

function builtElement(): { elementDir: string; storefrontDir: string; adminDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'cartkit-hosting-'));
  const elementDir = join(root, 'cdn');
  mkdirSync(join(elementDir, 'chunks'), { recursive: true });
  writeFileSync(join(elementDir, 'shopping-cart.js'), 'import "./chunks/a-1234.js";');
  writeFileSync(join(elementDir, 'chunks', 'a-1234.js'), 'export {};');
  const storefrontDir = join(root, 'examples');
  for (const dir of ['storefront/js', 'storefront/test', 'storefront/node_modules/x', 'assets/products']) {
    mkdirSync(join(storefrontDir, dir), { recursive: true });
  }
  writeFileSync(join(storefrontDir, 'storefront', 'index.html'), '<!doctype html><shopping-cart></shopping-cart>');
  writeFileSync(join(storefrontDir, 'storefront', 'js', 'page.js'), 'export {};');
  writeFileSync(join(storefrontDir, 'assets', 'products', 'TEE.svg'), '<svg/>');
  writeFileSync(join(storefrontDir, 'storefront', 'package.json'), '{}');
  writeFileSync(join(storefrontDir, 'storefront', 'README.md'), '# dev notes');
  writeFileSync(join(storefrontDir, 'storefront', 'test', 'journey.test.mjs'), '');
  writeFileSync(join(storefrontDir, 'storefront', 'node_modules', 'x', 'index.js'), '');
  // examples/admin: sources beside the storefront, its build in dist/ (published under /admin/).
  const adminSources = join(storefrontDir, 'admin');
  const adminDir = join(adminSources, 'dist');
  mkdirSync(join(adminSources, 'src'), { recursive: true });
  mkdirSync(adminDir, { recursive: true });
  writeFileSync(join(adminSources, 'index.html'), '<!doctype html><title>unbuilt</title>');
  writeFileSync(join(adminSources, 'src', 'main.ts'), 'export {};');
  writeFileSync(join(adminDir, 'index.html'), '<!doctype html><script type="module" src="main.js"></script>');
  writeFileSync(join(adminDir, 'main.js'), 'import("./products-AB12CD34.js");');
  writeFileSync(join(adminDir, 'main.js.map'), '{}');
  writeFileSync(join(adminDir, 'products-AB12CD34.js'), 'export {};');
  return { elementDir, storefrontDir, adminDir };
}

describe('Hosting', () => {
  const missing = cartkitStack(
    {},
    { elementDir: '/nonexistent/cdn', storefrontDir: '/nonexistent/examples', adminDir: '/nonexistent/admin' },
  );
  const built = cartkitStack({}, builtElement());
  const { template } = built;
  const distribution = () => {
    const [, d] = single(resources(template, 'AWS::CloudFront::Distribution'));
    return d.Properties.DistributionConfig as Record<string, unknown>;
  };
  const behavior = (pattern: string) =>
    (distribution().CacheBehaviors as Record<string, unknown>[]).find((b) => b.PathPattern === pattern)!;
  const cachePolicy = (ref: unknown) =>
    template.toJSON().Resources[(ref as { Ref: string }).Ref].Properties.CachePolicyConfig;

  it('keeps the site bucket private, versioned, encrypted, TLS-only and access-logged', () => {
    const [, site] = resources(template, 'AWS::S3::Bucket').find(([id]) => id.startsWith('HostingSite'))!;

    expect(site.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LoggingConfiguration: { LogFilePrefix: 's3/' },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^HostingSite') },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('reads the bucket through origin access control only, over HTTPS, HTTP/2 and 3, compressed', () => {
    const config = distribution();

    expect(resources(template, 'AWS::CloudFront::OriginAccessControl')).toHaveLength(1);
    expect(resources(template, 'AWS::CloudFront::CloudFrontOriginAccessIdentity')).toHaveLength(0);
    expect(config.HttpVersion).toBe('http2and3');
    expect(config.DefaultCacheBehavior).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https', Compress: true });
    expect(behavior('cdn/*')).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https', Compress: true });
  });

  it('caches hashed chunks for a year and the entry script for minutes', () => {
    expect(cachePolicy(behavior('cdn/chunks/*').CachePolicyId)).toMatchObject({
      DefaultTTL: 31_536_000,
      MinTTL: 86_400,
    });
    expect(cachePolicy(behavior('cdn/*').CachePolicyId)).toMatchObject({ DefaultTTL: 60, MaxTTL: 300 });
    const patterns = (distribution().CacheBehaviors as { PathPattern: string }[]).map((b) => b.PathPattern);
    // CloudFront evaluates behaviors in order: the chunk rule must come before the catch-all cdn/*.
    expect(patterns.indexOf('cdn/chunks/*')).toBeLessThan(patterns.indexOf('cdn/*'));
  });

  it('forwards /api/* to the HTTP API uncached with every viewer header but Host and every method', () => {
    const api = behavior('api/*');

    expect(api).toMatchObject({
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      ViewerProtocolPolicy: 'https-only',
    });
    const origins = distribution().Origins as {
      Id: string;
      DomainName: unknown;
      CustomOriginConfig?: { OriginProtocolPolicy: string };
    }[];
    const origin = origins.find((o) => o.Id === api.TargetOriginId)!;
    expect(JSON.stringify(origin.DomainName)).toMatch(/"Ref":"HttpApi[A-Za-z0-9]+".*execute-api/);
    expect(origin.CustomOriginConfig?.OriginProtocolPolicy).toBe('https-only');
  });

  it('adds security headers to the storefront and CORS to the element CDN', () => {
    const headers = (ref: unknown) =>
      template.toJSON().Resources[(ref as { Ref: string }).Ref].Properties.ResponseHeadersPolicyConfig;

    const storefront = headers(
      (distribution().DefaultCacheBehavior as { ResponseHeadersPolicyId: unknown }).ResponseHeadersPolicyId,
    );
    expect(storefront.SecurityHeadersConfig).toMatchObject({
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY' },
      StrictTransportSecurity: { AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true },
    });
    expect(JSON.stringify(storefront.SecurityHeadersConfig.ContentSecurityPolicy)).toContain("frame-ancestors 'none'");
    const cdn = headers(behavior('cdn/*').ResponseHeadersPolicyId);
    expect(cdn.CorsConfig.AccessControlAllowOrigins).toEqual({ Items: ['*'] });
    expect(cdn.CorsConfig.AccessControlAllowCredentials).toBe(false);
    // Product images are shown on every site that embeds the cart, as the local gateway serves them.
    expect(behavior('assets/*').ResponseHeadersPolicyId).toEqual(behavior('cdn/*').ResponseHeadersPolicyId);
    expect(JSON.stringify(cdn.CustomHeadersConfig)).toContain('"Value":"cross-origin"');
  });

  it('deploys the element, its chunks, the storefront and config.json when they are built', () => {
    const deployments = resources(template, 'Custom::CDKBucketDeployment');
    const prefixes = deployments.map(([, d]) => d.Properties.DestinationBucketKeyPrefix ?? '').sort();

    expect(prefixes).toEqual(['', '', 'admin/', 'cdn/', 'cdn/chunks/']);
    const chunks = deployments.find(([, d]) => d.Properties.DestinationBucketKeyPrefix === 'cdn/chunks/')![1];
    expect(chunks.Properties).toMatchObject({
      Prune: false,
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
    });
  });

  it('publishes the storefront pages and product images, not its tests, packages or notes', () => {
    const staged = readdirSync(built.app.outdir)
      .map((dir) => join(built.app.outdir, dir))
      .find((dir) => existsSync(join(dir, 'storefront', 'index.html')));
    const files = (readdirSync(staged!, { recursive: true }) as string[]).sort();

    expect(files).toEqual(
      expect.arrayContaining(['storefront/index.html', 'storefront/js/page.js', 'assets/products/TEE.svg']),
    );
    expect(files.filter((f) => /node_modules|package\.json|README|test/.test(f))).toEqual([]);
  });

  it('publishes the admin page from its build under /admin/, behind the storefront headers, without sources or maps', () => {
    const [, admin] = resources(template, 'Custom::CDKBucketDeployment').find(
      ([, d]) => d.Properties.DestinationBucketKeyPrefix === 'admin/',
    )!;
    expect(admin.Properties).toMatchObject({
      Prune: false,
      DistributionPaths: ['/admin/*'],
      SystemMetadata: { 'cache-control': 'public, max-age=60, s-maxage=300' },
    });
    const stagedFiles = (dir: string) => (readdirSync(dir, { recursive: true }) as string[]).sort();
    const stagedDirs = readdirSync(built.app.outdir)
      .map((dir) => join(built.app.outdir, dir))
      .filter((dir) => existsSync(join(dir, 'index.html')) || existsSync(join(dir, 'storefront', 'index.html')));
    const adminStage = stagedDirs.find((dir) => existsSync(join(dir, 'main.js')))!;
    expect(stagedFiles(adminStage)).toEqual(['index.html', 'main.js', 'products-AB12CD34.js']);
    // The storefront's deployment does not publish the admin sources (or its build a second time).
    const storefrontStage = stagedDirs.find((dir) => existsSync(join(dir, 'storefront', 'index.html')))!;
    expect(stagedFiles(storefrontStage).filter((f) => f.startsWith('admin'))).toEqual([]);
    // No behaviour of its own: the default one (storefront CSP and security headers, directory index).
    expect((distribution().CacheBehaviors as { PathPattern: string }[]).map((b) => b.PathPattern)).not.toContain(
      'admin/*',
    );
    const handler = new Function(`${DIRECTORY_INDEX_FUNCTION}; return handler;`)() as (event: unknown) => {
      uri?: string;
    };
    expect(handler({ request: { uri: '/admin/', headers: {} } })).toMatchObject({ uri: '/admin/index.html' });
  });

  it('warns, and deploys nothing under /admin/, before the admin page is built', () => {
    Annotations.fromStack(missing.stack).hasWarning('/Cartkit/Hosting', Match.stringLikeRegexp('build the admin page'));
  });

  it('redirects / to the storefront and serves directory indexes, as the local gateway does', () => {
    const handler = new Function(`${DIRECTORY_INDEX_FUNCTION}; return handler;`)() as (event: unknown) => {
      uri?: string;
      statusCode?: number;
      headers?: { location: { value: string } };
    };
    const run = (uri: string) => handler({ request: { uri, headers: {} } });

    expect(run('/')).toMatchObject({ statusCode: 302, headers: { location: { value: '/storefront/' } } });
    expect(run('/storefront/')).toMatchObject({ uri: '/storefront/index.html' });
    expect(run('/storefront/product.html')).toMatchObject({ uri: '/storefront/product.html' });
    const association = (distribution().DefaultCacheBehavior as { FunctionAssociations: { EventType: string }[] })
      .FunctionAssociations;
    expect(association).toEqual([expect.objectContaining({ EventType: 'viewer-request' })]);
    expect(behavior('cdn/*').FunctionAssociations).toBeUndefined();
  });

  it('writes config.json with the shape of GET /config plus the SRP auth flow', () => {
    const config = built.stack.resolve(built.stack.hosting.publicConfig);
    const [, deployment] = resources(template, 'Custom::CDKBucketDeployment').find(
      ([, d]) => JSON.stringify(d.Properties.DistributionPaths) === '["/config.json"]',
    )!;

    expect(Object.keys(config).sort()).toEqual([
      'authFlow',
      'cognitoEndpoint',
      'currency',
      'oauth',
      'realtimeUrl',
      'region',
      'userPoolClientId',
      'userPoolId',
    ]);
    expect(config).toMatchObject({
      region: 'us-east-1',
      userPoolId: { Ref: expect.stringMatching(/^AuthUserPool[0-9A-F]{8}$/) },
      userPoolClientId: { Ref: expect.stringMatching(/^AuthUserPoolWebClient/) },
      cognitoEndpoint: null,
      currency: 'USD',
      authFlow: 'USER_SRP_AUTH',
      // No federated provider in this stack: GET /config's `oauth` is null.
      oauth: null,
    });
    expect(JSON.stringify(config.realtimeUrl)).toContain('wss://');
    // Deploy-time values reach the file through the deployment's markers.
    expect(JSON.stringify(deployment.Properties.SourceMarkers)).toMatch(/AuthUserPoolWebClient/);
    expect(deployment.Properties.Prune).toBe(false);
  });

  it('still synthesizes before the element is built, with a warning and no empty deployment', () => {
    const prefixes = resources(missing.template, 'Custom::CDKBucketDeployment').map(
      ([, d]) => d.Properties.DestinationBucketKeyPrefix ?? '',
    );

    expect(prefixes).toEqual(['']);
    Annotations.fromStack(missing.stack).hasWarning(
      '/Cartkit/Hosting',
      Match.stringLikeRegexp('does not exist: build the element'),
    );
  });
});
