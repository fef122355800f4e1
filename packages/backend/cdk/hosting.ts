import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CacheCookieBehavior,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
  type BehaviorOptions,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { OAuthConfig } from '@cartkit/contract';
import { WORKSPACE_ROOT } from './paths.js';

/** Browser configuration served at `/config.json`, the shape of `GET /config` plus `authFlow`. */
export interface PublicConfig {
  readonly region: string;
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  readonly cognitoEndpoint: null;
  readonly realtimeUrl: string;
  readonly currency: string;
  readonly authFlow: 'USER_SRP_AUTH';
  /** Federated sign-in, as `GET /config` announces it (null without providers). */
  readonly oauth?: OAuthConfig | null;
}

export interface HostingProps {
  /** `{id}.execute-api.{region}.amazonaws.com` of the HTTP API, served under `/api/*`. */
  readonly apiDomainName: string;
  readonly publicConfig: PublicConfig;
  /** The storefront's Content-Security-Policy. */
  readonly contentSecurityPolicy: string;
  /** Directory of the element's CDN build; deployed to `/cdn/` when it exists at synth time. */
  readonly elementDir?: string;
  /** The example storefront; deployed to `/` when it exists at synth time. */
  readonly storefrontDir?: string;
  /** The admin page's build (`pnpm --filter @cartkit/admin-example build`); deployed to `/admin/` when it exists. */
  readonly adminDir?: string;
  readonly domainName?: string;
  readonly certificateArn?: string;
  readonly webAclArn?: string;
}

/** Hashed chunks never change under one name: cache for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Entry script, storefront pages, config.json: changes reach browsers within five minutes. */
const SHORT = 'public, max-age=60, s-maxage=300';

const compressedNoKeys = {
  enableAcceptEncodingGzip: true,
  enableAcceptEncodingBrotli: true,
  headerBehavior: CacheHeaderBehavior.none(),
  cookieBehavior: CacheCookieBehavior.none(),
  queryStringBehavior: CacheQueryStringBehavior.none(),
} as const;

/** Development files of the examples that must not be published. */
const STOREFRONT_EXCLUDES = [
  '**/node_modules',
  '**/package.json',
  '**/tsconfig*.json',
  '**/*.md',
  '**/*.mts',
  '**/*.ts',
  '**/test',
  '**/test-results',
  '**/screenshots',
  '**/scripts',
];

/**
 * Viewer-request function of the storefront behaviour, as the local gateway
 * does it: `/` redirects to `/storefront/`, and a path ending in `/` serves
 * its `index.html` (S3 behind OAC has no directory indexes).
 */
export const DIRECTORY_INDEX_FUNCTION = `function handler(event) {
  var request = event.request;
  if (request.uri === '/') {
    return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: '/storefront/' } } };
  }
  if (request.uri.endsWith('/')) request.uri += 'index.html';
  return request;
}`;

/**
 * The static side: a private, versioned S3 bucket behind CloudFront (origin
 * access control, HTTPS only, HTTP/2 and 3, compression, security headers)
 * holding the element's CDN build under `/cdn/`, the example storefront
 * under `/` and `/config.json`; `/api/*` goes to the HTTP API uncached, so
 * the storefront calls its API same-origin.
 *
 * @example
 * ```ts
 * const hosting = new Hosting(this, 'Hosting', { apiDomainName, publicConfig, contentSecurityPolicy });
 * new CfnOutput(this, 'DistributionUrl', { value: hosting.url });
 * ```
 */
export class Hosting extends Construct {
  readonly bucket: Bucket;
  readonly logBucket: Bucket;
  readonly distribution: Distribution;
  /** `https://` plus the custom domain or the CloudFront domain. */
  readonly url: string;
  /** What `/config.json` holds. */
  readonly publicConfig: PublicConfig;

  constructor(scope: Construct, id: string, props: HostingProps) {
    super(scope, id);
    const elementDir = props.elementDir ?? join(WORKSPACE_ROOT, 'packages', 'cart-element', 'dist', 'cdn');
    const storefrontDir = props.storefrontDir ?? join(WORKSPACE_ROOT, 'examples');
    const adminDir = props.adminDir ?? join(WORKSPACE_ROOT, 'examples', 'admin', 'dist');

    this.logBucket = new Bucket(this, 'Logs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logging writes with ACLs.
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      // Everything in it is rebuilt from the repository on deploy.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });

    const shortCache = new CachePolicy(this, 'ShortCache', {
      comment: 'cartkit entry script, storefront and config.json',
      defaultTtl: Duration.minutes(1),
      maxTtl: Duration.minutes(5),
      minTtl: Duration.seconds(0),
      ...compressedNoKeys,
    });
    const longCache = new CachePolicy(this, 'ImmutableCache', {
      comment: 'cartkit hashed element chunks',
      defaultTtl: Duration.days(365),
      maxTtl: Duration.days(365),
      minTtl: Duration.days(1),
      ...compressedNoKeys,
    });
    const hsts = { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true };
    const storefrontHeaders = new ResponseHeadersPolicy(this, 'StorefrontHeaders', {
      comment: 'cartkit storefront security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: props.contentSecurityPolicy, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        strictTransportSecurity: hsts,
      },
    });
    // Any site may embed the element with <script type="module" src=".../cdn/shopping-cart.js">,
    // and module scripts load with CORS.
    const cdnHeaders = new ResponseHeadersPolicy(this, 'CdnHeaders', {
      comment: 'cartkit element CDN: public, cross-origin, no sniffing',
      corsBehavior: {
        accessControlAllowOrigins: ['*'],
        accessControlAllowMethods: ['GET', 'HEAD'],
        accessControlAllowHeaders: ['*'],
        accessControlAllowCredentials: false,
        originOverride: true,
      },
      securityHeadersBehavior: {
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        strictTransportSecurity: hsts,
      },
      customHeadersBehavior: {
        customHeaders: [{ header: 'Cross-Origin-Resource-Policy', value: 'cross-origin', override: true }],
      },
    });
    // The API sets its own CORS and caching headers; CloudFront only adds transport hardening.
    const apiHeaders = new ResponseHeadersPolicy(this, 'ApiHeaders', {
      comment: 'cartkit API: transport security only',
      securityHeadersBehavior: { contentTypeOptions: { override: true }, strictTransportSecurity: hsts },
    });

    const s3Origin = S3BucketOrigin.withOriginAccessControl(this.bucket);
    const staticBehavior = (cachePolicy: CachePolicy, responseHeadersPolicy: ResponseHeadersPolicy) =>
      ({
        origin: s3Origin,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        compress: true,
        cachePolicy,
        responseHeadersPolicy,
      }) satisfies BehaviorOptions;

    const directoryIndex = new CloudFrontFunction(this, 'DirectoryIndex', {
      comment: 'cartkit: / to /storefront/, directory index.html',
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(DIRECTORY_INDEX_FUNCTION),
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'cartkit storefront, element CDN and API',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      // Settable only with a custom certificate; the default *.cloudfront.net one is fixed by CloudFront.
      minimumProtocolVersion: props.certificateArn ? SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
      domainNames: props.domainName ? [props.domainName] : undefined,
      certificate: props.certificateArn
        ? Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn)
        : undefined,
      webAclId: props.webAclArn,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        ...staticBehavior(shortCache, storefrontHeaders),
        functionAssociations: [{ function: directoryIndex, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        'cdn/chunks/*': staticBehavior(longCache, cdnHeaders),
        'cdn/*': staticBehavior(shortCache, cdnHeaders),
        // Product images: the API hands out their absolute URLs, and any site's drawer shows them.
        'assets/*': staticBehavior(shortCache, cdnHeaders),
        'api/*': {
          origin: new HttpOrigin(props.apiDomainName, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY }),
          // A redirect would turn POST into GET: API callers must use HTTPS.
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: apiHeaders,
          compress: true,
        },
      },
    });
    this.url = `https://${props.domainName ?? this.distribution.distributionDomainName}`;
    this.publicConfig = props.publicConfig;

    this.deploy(elementDir, storefrontDir, props.publicConfig);
    this.deployAdmin(adminDir);
  }

  /**
   * The admin page (examples/admin's build) under `/admin/`, behind the default behaviour: the
   * storefront's security headers and CSP, `/admin/` served as `/admin/index.html`. Its API is
   * `/api/admin/*` on this origin, which checks the Cognito group; the page itself holds no secret.
   */
  private deployAdmin(adminDir: string): void {
    if (!existsSync(join(adminDir, 'index.html'))) {
      Annotations.of(this).addWarningV2(
        'cartkit:admin-not-built',
        `${adminDir} has no index.html: build the admin page (pnpm --filter @cartkit/admin-example build) before deploying, or /admin/ will be empty`,
      );
      return;
    }
    new BucketDeployment(this, 'Admin', {
      destinationBucket: this.bucket,
      distribution: this.distribution,
      sources: [Source.asset(adminDir, { exclude: ['**/*.map'] })],
      destinationKeyPrefix: 'admin/',
      // Keep the chunks of the previous build: a main.js cached before this deploy still imports them.
      prune: false,
      cacheControl: [CacheControl.fromString(SHORT)],
      distributionPaths: ['/admin/*'],
    });
  }

  private deploy(elementDir: string, storefrontDir: string, publicConfig: PublicConfig): void {
    const target = { destinationBucket: this.bucket as IBucket, distribution: this.distribution };
    const chunksDir = join(elementDir, 'chunks');
    if (existsSync(elementDir)) {
      if (existsSync(chunksDir)) {
        new BucketDeployment(this, 'ElementChunks', {
          ...target,
          sources: [Source.asset(chunksDir)],
          destinationKeyPrefix: 'cdn/chunks/',
          cacheControl: [CacheControl.fromString(IMMUTABLE)],
          // Keep old chunks: an entry script cached before this deploy still imports them.
          prune: false,
        });
      }
      new BucketDeployment(this, 'Element', {
        ...target,
        sources: [Source.asset(elementDir, { exclude: ['chunks', 'chunks/*'] })],
        destinationKeyPrefix: 'cdn/',
        exclude: ['chunks/*'],
        cacheControl: [CacheControl.fromString(SHORT)],
        distributionPaths: ['/cdn/*'],
      });
    } else {
      Annotations.of(this).addWarningV2(
        'cartkit:element-not-built',
        `${elementDir} does not exist: build the element (pnpm build) before deploying, or /cdn/ will be empty`,
      );
    }
    if (existsSync(storefrontDir)) {
      new BucketDeployment(this, 'Storefront', {
        ...target,
        // examples/admin is published from its build, under /admin/ (deployAdmin).
        sources: [Source.asset(storefrontDir, { exclude: [...STOREFRONT_EXCLUDES, 'admin'] })],
        // The element and config.json are deployed beside it: never delete them.
        prune: false,
        cacheControl: [CacheControl.fromString(SHORT)],
        distributionPaths: ['/*'],
      });
    } else {
      Annotations.of(this).addWarningV2(
        'cartkit:storefront-missing',
        `${storefrontDir} does not exist: / will be empty`,
      );
    }
    new BucketDeployment(this, 'Config', {
      ...target,
      sources: [Source.jsonData('config.json', publicConfig)],
      prune: false,
      cacheControl: [CacheControl.fromString(SHORT)],
      distributionPaths: ['/config.json'],
    });
  }
}
