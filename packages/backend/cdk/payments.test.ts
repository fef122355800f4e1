import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { SCHEDULES } from '../src/topology/event-sources.js';
import type { FunctionName } from '../src/topology/functions.js';
import { cartkitStack, lambda, referencedIds, resources, single, statementsOf, actionsOf } from './testing.js';

describe('payments and receipts (issue 14)', () => {
  const { template } = cartkitStack({
    receiptFromAddress: 'Shop <receipts@shop.example>',
    sesIdentity: 'shop.example',
  });
  const envOf = (name: FunctionName) =>
    (lambda(template, name)[1].Properties as { Environment: { Variables: Record<string, unknown> } }).Environment
      .Variables;

  it('routes POST /api/webhooks/stripe to its own function', () => {
    const route = single(
      resources(template, 'AWS::ApiGatewayV2::Route').filter(
        ([, r]) => r.Properties.RouteKey === 'POST /api/webhooks/stripe',
      ),
      'webhook route',
    )[1];
    const integrationId = referencedIds(route.Properties.Target)[0] ?? '';
    const integration = resources(template, 'AWS::ApiGatewayV2::Integration').find(([id]) => id === integrationId)?.[1];

    expect(referencedIds(integration?.Properties.IntegrationUri)[0]).toBe(lambda(template, 'stripe-webhook')[0]);
  });

  it('keeps the Stripe keys in a Secrets Manager secret, never in the template, named to the functions by ARN', () => {
    const [secretId] = single(
      resources(template, 'AWS::SecretsManager::Secret').filter(([id]) => id.startsWith('StripeSecret')),
      'Stripe secret',
    );
    for (const name of ['order-worker', 'stripe-webhook', 'payment-sweeper'] as const) {
      const env = envOf(name);
      expect(referencedIds(env.STRIPE_SECRET_ARN), name).toEqual([secretId]);
      expect(env.STRIPE_SECRET_KEY, name).toBeUndefined();
      expect(env.STRIPE_WEBHOOK_SECRET, name).toBeUndefined();
    }
    expect(
      JSON.stringify(template.toJSON()).match(/(sk|rk)_(test|live)_[A-Za-z0-9]{8,}|whsec_[A-Za-z0-9]{8,}/),
    ).toBeNull();
  });

  it('creates the SES identity from the config and lets only the mail worker send from it', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'shop.example' });
    const sends = statementsOf(template, 'mail-worker').filter((s) => actionsOf(s).includes('ses:SendEmail'));
    expect(sends.length).toBe(1);
    expect(envOf('mail-worker').RECEIPT_FROM_ADDRESS).toBe('Shop <receipts@shop.example>');
  });

  it('runs each scheduled function of the topology on an EventBridge rate rule', () => {
    for (const schedule of SCHEDULES.filter((s) => !('service' in s) || s.service !== 'scheduler')) {
      const rule = single(
        resources(template, 'AWS::Events::Rule').filter(([, r]) =>
          referencedIds(r.Properties.Targets).includes(lambda(template, schedule.handler)[0]),
        ),
        `${schedule.handler} rule`,
      )[1];
      expect(rule.Properties.ScheduleExpression).toBe(`rate(${schedule.rateMinutes} minutes)`);
      expect(rule.Properties.State).toBe('ENABLED');
    }
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      FunctionName: Match.anyValue(),
    });
  });

  it('runs the scheduler entries of the topology on EventBridge Scheduler, with a role that invokes only that function', () => {
    const entries = SCHEDULES.filter((s) => 'service' in s && s.service === 'scheduler');
    expect(entries.map((s) => s.handler)).toContain('cart-reminder');
    for (const schedule of entries) {
      const [fnId] = lambda(template, schedule.handler);
      const found = single(
        resources(template, 'AWS::Scheduler::Schedule').filter(([, r]) =>
          referencedIds(r.Properties.Target).includes(fnId),
        ),
        `${schedule.handler} schedule`,
      )[1];
      expect(found.Properties.ScheduleExpression).toBe(`rate(${schedule.rateMinutes} minutes)`);
      expect(found.Properties.State).toBe('ENABLED');
      const target = found.Properties.Target as { RetryPolicy: { MaximumRetryAttempts: number }; RoleArn: unknown };
      expect(target.RetryPolicy.MaximumRetryAttempts).toBe(2);
      // No EventBridge rule runs it as well (it would send twice as often).
      expect(
        resources(template, 'AWS::Events::Rule').filter(([, r]) => referencedIds(r.Properties.Targets).includes(fnId)),
      ).toEqual([]);
      const roleId = referencedIds(target.RoleArn)[0] ?? '';
      const policies = resources(template, 'AWS::IAM::Policy').filter(([, p]) =>
        referencedIds(p.Properties.Roles).includes(roleId),
      );
      const actions = policies.flatMap(([, p]) =>
        (p.Properties.PolicyDocument as { Statement: Parameters<typeof actionsOf>[0][] }).Statement.flatMap(actionsOf),
      );
      expect([...new Set(actions)]).toEqual(['lambda:InvokeFunction']);
    }
  });

  it('feeds the payment events and mail queues to their workers, each with an alarmed DLQ', () => {
    const alarmed = resources(template, 'AWS::CloudWatch::Alarm')
      .filter(([, a]) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible')
      .flatMap(([, a]) => referencedIds(a.Properties.Dimensions));
    expect(alarmed.some((id) => id.startsWith('QueuesPaymentEventsDlq'))).toBe(true);
    expect(alarmed.some((id) => id.startsWith('QueuesMailDlq'))).toBe(true);
    const mappings = resources(template, 'AWS::Lambda::EventSourceMapping').map(([, m]) => [
      referencedIds(m.Properties.EventSourceArn)[0]?.replace(/[0-9A-F]{8}$/, ''),
      referencedIds(m.Properties.FunctionName)[0],
    ]);
    expect(mappings).toContainEqual(['QueuesPaymentEvents', lambda(template, 'payment-worker')[0]]);
    expect(mappings).toContainEqual(['QueuesMail', lambda(template, 'mail-worker')[0]]);
  });
});
