import { describe, expect, it } from 'vitest';
import { QUEUES } from '../src/topology/queues.js';
import { FUNCTIONS } from '../src/topology/functions.js';
import { cartkitStack, lambda, referencedIds, resources } from './testing.js';

const HANDLERS = FUNCTIONS.map((fn) => fn.name);

describe('Alarms', () => {
  it('alarms on any message in each dead-letter queue, any function error or throttle, and API 5xx', () => {
    const { template } = cartkitStack();
    const alarms = resources(template, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    const on = (metric: string) => alarms.filter((a) => a.MetricName === metric);

    const dlqs = on('ApproximateNumberOfMessagesVisible')
      .map((a) => referencedIds(a.Dimensions)[0]?.replace(/[0-9A-F]{8}$/, ''))
      .sort();
    expect(dlqs).toEqual([...QUEUES.map((q) => `Queues${q.id}Dlq`), 'PipelineStreamFailures'].sort());
    for (const metric of ['Errors', 'Throttles']) {
      const functions = on(metric)
        .map((a) => referencedIds(a.Dimensions)[0])
        .sort();
      expect(functions, metric).toEqual(HANDLERS.map((name) => lambda(template, name)[0]).sort());
    }
    expect(on('5xx')).toHaveLength(1);
    for (const alarm of alarms) {
      expect(alarm).toMatchObject({
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
      });
      expect(alarm.AlarmActions).toBeUndefined();
    }
  });

  it('notifies a new, TLS-only SNS topic when an alarm email is configured', () => {
    const { template } = cartkitStack({ alarmEmail: 'ops@example.com' });

    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: [{ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] },
    });
    for (const [, alarm] of resources(template, 'AWS::CloudWatch::Alarm')) {
      expect(referencedIds(alarm.Properties.AlarmActions)[0]).toMatch(/^AlarmsTopic/);
    }
  });

  it('notifies an existing topic when one is given', () => {
    const arn = 'arn:aws:sns:us-east-1:111111111111:ops';
    const { template } = cartkitStack({ alarmTopicArn: arn });

    expect(resources(template, 'AWS::SNS::Topic')).toHaveLength(0);
    for (const [, alarm] of resources(template, 'AWS::CloudWatch::Alarm'))
      expect(alarm.Properties.AlarmActions).toEqual([arn]);
  });
});
