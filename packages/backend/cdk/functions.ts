import { join } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  Architecture,
  ParamsAndSecretsLayerVersion,
  ParamsAndSecretsLogLevel,
  ParamsAndSecretsVersions,
  Runtime,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ENV, POOL_BOUND_ENV } from '../src/topology/env.js';
import { FUNCTIONS, type FunctionDefinition, type FunctionName } from '../src/topology/functions.js';
import { BACKEND_DIR, WORKSPACE_ROOT } from './paths.js';

/**
 * The AWS Parameters and Secrets Lambda extension (the layer for the function's architecture):
 * it reads a secret with the function's role and caches it (default TTL 300 s), so each function
 * that needs one does an HTTP GET instead of bundling `@aws-sdk/client-secrets-manager`.
 */
const SECRETS_EXTENSION = ParamsAndSecretsLayerVersion.fromVersion(ParamsAndSecretsVersions.V1_0_103, {
  cacheEnabled: true,
  logLevel: ParamsAndSecretsLogLevel.WARN,
});

/** Whether a function reads a secret (the cart token key, or the Stripe keys), so it gets the extension layer. */
export function readsSecret(definition: FunctionDefinition): boolean {
  return definition.services.some((service) => service === 'secrets-manager' || service === 'stripe');
}

/** The environment minus `POOL_BOUND_ENV`: what a user pool trigger gets. */
function withoutPoolIds(environment: Record<string, string>): Record<string, string> {
  const bound = new Set<string>(POOL_BOUND_ENV.map((key) => ENV[key]));
  return Object.fromEntries(Object.entries(environment).filter(([name]) => !bound.has(name)));
}

export interface FunctionsProps {
  /** Environment every handler gets (`loadConfig` reads the same set in every handler). */
  readonly environment: Record<string, string>;
  readonly memorySize: number;
  readonly logRetention: RetentionDays;
  /** Reserved concurrency of the functions marked `reservedConcurrency: 'api'`; undefined leaves them in the shared pool. */
  readonly apiReservedConcurrency?: number;
  /** Directory of the handler files; defaults to `packages/backend/src/handlers`. */
  readonly handlersDir?: string;
}

/**
 * One `NodejsFunction` per entry of `FUNCTIONS` (src/topology/functions.ts), with its timeout: Node 22 on arm64, X-Ray active,
 * its own log group with a retention, bundled by the workspace's esbuild
 * (no Docker). Each has its own role that may write only to its own log group
 * (no AWS managed policy); the stack grants each one exactly the data it uses.
 *
 * @example
 * ```ts
 * const functions = new Functions(this, 'Functions', { environment, memorySize: 512, logRetention });
 * functions.byName['cart-api'].functionArn;
 * ```
 */
export class Functions extends Construct {
  readonly byName: Readonly<Record<FunctionName, NodejsFunction>>;

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    const handlersDir = props.handlersDir ?? join(BACKEND_DIR, 'src', 'handlers');
    const byName: Partial<Record<FunctionName, NodejsFunction>> = {};
    const definitions: readonly FunctionDefinition[] = FUNCTIONS;
    for (const definition of definitions) {
      const name = definition.name as FunctionName;
      const logGroup = new LogGroup(this, `${name}-logs`, {
        retention: props.logRetention,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      const role = new Role(this, `${name}-role`, {
        assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
        description: `cartkit ${name} handler`,
      });
      logGroup.grantWrite(role);
      byName[name] = new NodejsFunction(this, name, {
        role,
        entry: join(handlersDir, `${name}.ts`),
        handler: 'handler',
        runtime: Runtime.NODEJS_22_X,
        architecture: Architecture.ARM_64,
        memorySize: definition.memoryMb ?? props.memorySize,
        timeout: Duration.seconds(definition.timeoutSeconds),
        tracing: Tracing.ACTIVE,
        logGroup,
        reservedConcurrentExecutions:
          definition.reservedConcurrency === 'api' ? props.apiReservedConcurrency : undefined,
        description: `cartkit ${name}`,
        // Secrets are read through the Parameters and Secrets extension (localhost:2773), not a bundled client.
        paramsAndSecrets: readsSecret(definition) ? SECRETS_EXTENSION : undefined,
        environment: {
          ...(definition.trigger === 'cognito' ? withoutPoolIds(props.environment) : props.environment),
          [ENV.serviceName]: `cartkit-${name}`,
          [ENV.logLevel]: 'INFO',
          NODE_OPTIONS: '--enable-source-maps',
        },
        projectRoot: WORKSPACE_ROOT,
        depsLockFilePath: join(WORKSPACE_ROOT, 'pnpm-lock.yaml'),
        bundling: {
          format: OutputFormat.ESM,
          target: 'node22',
          platform: 'node',
          mainFields: ['module', 'main'],
          minify: true,
          sourceMap: true,
          sourcesContent: false,
          // Bundle the AWS SDK too: the versions in pnpm-lock.yaml run, not whatever the runtime ships.
          externalModules: [],
          // ESM output still meets CommonJS dependencies that call require().
          banner:
            "import { createRequire as __cartkitRequire } from 'node:module'; const require = __cartkitRequire(import.meta.url);",
        },
      });
    }
    this.byName = byName as Record<FunctionName, NodejsFunction>;
  }
}
