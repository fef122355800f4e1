import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { cartkitStack } from './testing.js';

/** Synthesizes with cdk-nag's AWS Solutions pack; any unacknowledged finding makes synth throw. */
function synthWithNag(context: Record<string, unknown>) {
  const { app } = cartkitStack(context);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return () => app.synth();
}

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged in the default stack', () => {
    expect(synthWithNag({})).not.toThrow();
  });

  it('finds nothing unacknowledged with every option turned on', () => {
    const context = {
      mfa: 'required',
      threatProtection: 'true',
      webAclArn: 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/cartkit/abc',
      domainName: 'shop.example.com',
      certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/abc',
      alarmEmail: 'ops@example.com',
      authDomainPrefix: 'shop-example',
      callbackUrls: 'https://shop.example.com/',
      identityProviders: { google: { clientId: 'id', clientSecretName: 'cartkit/google' } },
      retainData: 'false',
    };

    expect(synthWithNag(context)).not.toThrow();
  });

  it('does fail synth on a finding nobody acknowledged', async () => {
    const { app, stack } = cartkitStack();
    const { Queue } = await import('aws-cdk-lib/aws-sqs');
    new Queue(stack, 'Unreviewed');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    expect(() => app.synth()).toThrow(/AwsSolutions-SQS3/);
  });
});
