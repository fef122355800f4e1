import { type CfnElement, type Stack, Token, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { CartkitStack } from './cartkit-stack.js';
import type { CartkitConfig } from './config.js';
import { SCHEDULES } from '../src/topology/event-sources.js';

/** One accepted cdk-nag finding and why it is acceptable here. */
export interface Acknowledgement {
  readonly id: string;
  readonly reason: string;
}

/** Findings on every handler function and its role. */
export const FUNCTION_ACKNOWLEDGEMENTS: readonly Acknowledgement[] = [
  {
    id: 'AwsSolutions-L1',
    reason:
      'Node.js 22 (LTS, supported by Lambda until 2027) is the runtime the handlers are built (esbuild target node22) and tested for; moving to a newer runtime is a deliberate, tested change, not a silent one.',
  },
  {
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Active X-Ray tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions. Every data permission is on named table, index, queue and secret ARNs.',
  },
];

/**
 * How cdk-nag spells a stack's values inside finding ids: pseudo parameters
 * and logical ids in angle brackets, literals (an explicit env) as they are.
 */
function findingNames(stack: Stack) {
  const pseudo = (value: string, name: string) => (Token.isUnresolved(value) ? `<${name}>` : value);
  const qualifier = (stack.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') as string | undefined) ?? 'hnb659fds';
  return {
    region: pseudo(stack.region, 'AWS::Region'),
    account: pseudo(stack.account, 'AWS::AccountId'),
    qualifier,
    logicalId: (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnElement),
  };
}

/** The WebSocket management permission of the stream processor. */
function manageConnectionsAcknowledgement(stack: CartkitStack): Acknowledgement {
  const { region, account, logicalId } = findingNames(stack);
  return {
    id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:${region}:${account}:<${logicalId(stack.realtime.api)}>/live/*/@connections/*]`,
    reason:
      'Connection ids are created at runtime, so the @connections resource must end in a wildcard; it is limited to this API and its live stage.',
  };
}

/** CDK's own BucketDeployment handler (a singleton Lambda the library creates and manages). */
function bucketDeploymentAcknowledgements(stack: CartkitStack): Acknowledgement[] {
  const { region, account, qualifier, logicalId } = findingNames(stack);
  return [
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        'CDK-managed BucketDeployment handler; its role is created by aws-cdk-lib and only writes its own logs through this policy.',
    },
    ...[
      'Action::s3:GetObject*',
      'Action::s3:GetBucket*',
      'Action::s3:List*',
      'Action::s3:DeleteObject*',
      'Action::s3:Abort*',
      `Resource::arn:<AWS::Partition>:s3:::cdk-${qualifier}-assets-${account}-${region}/*`,
      `Resource::<${logicalId(stack.hosting.bucket)}.Arn>/*`,
      'Resource::*',
    ].map((finding) => ({
      id: `AwsSolutions-IAM5[${finding}]`,
      reason:
        'CDK-managed BucketDeployment handler: it copies asset zips from the CDK bootstrap bucket into the site bucket, pruning old objects, and invalidates CloudFront (no resource-level permissions); aws-cdk-lib generates these grants, scoped to those two buckets.',
    })),
    {
      id: 'AwsSolutions-L1',
      reason: 'CDK-managed BucketDeployment handler; aws-cdk-lib chooses and upgrades its runtime.',
    },
  ];
}

/**
 * Records why each remaining cdk-nag finding is acceptable, on the narrowest
 * construct it concerns. Findings the configuration removes (MFA required,
 * Plus plan, a WAF, a custom certificate) are then not acknowledged.
 *
 * @example
 * ```ts
 * acknowledgeFindings(this, config);
 * ```
 */
export function acknowledgeFindings(stack: CartkitStack, config: CartkitConfig): void {
  const ack = (scope: IConstruct, ...acks: readonly Acknowledgement[]) => Validations.of(scope).acknowledge(...acks);

  for (const fn of Object.values(stack.functions.byName)) {
    ack(fn, ...FUNCTION_ACKNOWLEDGEMENTS);
    if (fn.role) ack(fn.role, ...FUNCTION_ACKNOWLEDGEMENTS);
  }
  // The stream processor pushes to sockets; account deletion closes the deleted user's.
  for (const name of ['stream-processor', 'account'] as const) {
    ack(stack.functions.byName[name].role ?? stack.functions, manageConnectionsAcknowledgement(stack));
  }

  for (const child of stack.node.children) {
    if (child.node.id.startsWith('Custom::CDKBucketDeployment')) ack(child, ...bucketDeploymentAcknowledgements(stack));
  }

  // EventBridge Scheduler's role for a scheduled function (the cart reminder): Lambda's grantInvoke names the
  // function and `<arn>:*`, its versions and aliases, never another function.
  for (const child of stack.node.children) {
    if (!child.node.id.startsWith('SchedulerRoleForTarget')) continue;
    for (const schedule of SCHEDULES) {
      if (!('service' in schedule) || schedule.service !== 'scheduler') continue;
      const { logicalId } = findingNames(stack);
      ack(child, {
        id: `AwsSolutions-IAM5[Resource::<${logicalId(stack.functions.byName[schedule.handler])}.Arn>:*]`,
        reason: `EventBridge Scheduler's role may invoke ${schedule.handler} only; the ":*" is that one function's versions and aliases (Lambda grantInvoke), no other function.`,
      });
    }
  }

  const publicRoutes: Acknowledgement = {
    id: 'AwsSolutions-APIG4',
    reason:
      'No API Gateway authorizer by design: each handler verifies the caller itself (Cognito access token against the pool JWKS, or a signed anonymous X-Cart-Token, or ?token=/?cartToken= on $connect). Anonymous carts and the catalog must stay reachable without a Cognito token, so an authorizer cannot guard these routes; the handlers answer 401 instead.',
  };
  ack(stack.httpApi, publicRoutes);
  ack(stack.realtime, publicRoutes);

  ack(stack.pipeline.streamFailures, {
    id: 'AwsSolutions-SQS3',
    reason:
      'This queue is itself the on-failure destination (dead-letter) of the DynamoDB stream mappings; it is alarmed when non-empty and is not consumed by anything.',
  });

  ack(stack.cartTokenSecret, {
    id: 'AwsSolutions-SMG4',
    reason:
      'The secret is an HMAC key for anonymous cart tokens; rotating it invalidates every anonymous cart until the handlers verify against two keys. Rotate deliberately (see docs/deploy.md) rather than on a schedule.',
  });

  ack(stack.stripeSecret, {
    id: 'AwsSolutions-SMG4',
    reason:
      "The secret holds Stripe's API key and webhook signing secret, issued by Stripe: they are rolled in Stripe's dashboard and written here by the operator (docs/deploy.md); Secrets Manager cannot rotate them.",
  });

  const userPool = stack.auth.userPool;
  if (config.mfa !== 'required') {
    ack(userPool, {
      id: 'AwsSolutions-COG2',
      reason:
        'Shoppers may enrol TOTP MFA (optional by default); forcing MFA on a storefront cart loses customers. Set context mfa=required to enforce it.',
    });
  }
  if (!config.threatProtection) {
    ack(userPool, {
      id: 'AwsSolutions-COG8',
      reason:
        'The Plus feature plan is billed per monthly active user; it is opt-in with context threatProtection=true. Essentials still enforces the password policy, email verification and token revocation.',
    });
  }

  const distribution = stack.hosting.distribution;
  ack(distribution, {
    id: 'AwsSolutions-CFR1',
    reason:
      'A shop embeddable by any website serves every country; a deployer who must restrict can add geo restrictions.',
  });
  if (!config.webAclArn) {
    ack(distribution, {
      id: 'AwsSolutions-CFR2',
      reason:
        'WAF costs a fixed monthly fee even at zero traffic; the API has stage throttling and per-client rate limits in the handlers. Attach an existing web ACL with context webAclArn.',
    });
  }
  if (!config.certificateArn) {
    ack(distribution, {
      id: 'AwsSolutions-CFR4',
      reason:
        'Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose viewer policy cannot be set; with domainName and certificateArn the distribution requires TLSv1.2_2021.',
    });
  }
}
