import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { QUEUES } from '../src/topology/queues.js';
import { CartQueues } from './queues.js';
import { emptyStack, resources } from './testing.js';

function synth() {
  const stack = emptyStack();
  const queues = new CartQueues(stack, 'Queues');
  return { stack, queues, template: Template.fromStack(stack) };
}

describe('CartQueues', () => {
  it('gives each queue of QUEUES its own dead-letter queue after maxReceiveCount receives', () => {
    const { stack, queues, template } = synth();

    expect(resources(template, 'AWS::SQS::Queue')).toHaveLength(QUEUES.length * 2);
    for (const def of QUEUES) {
      const { queue, deadLetterQueue } = queues.byId[def.id];
      const props = template.toJSON().Resources[stack.getLogicalId(queue.node.defaultChild as never)].Properties;
      expect(props.RedrivePolicy).toEqual({
        deadLetterTargetArn: { 'Fn::GetAtt': [stack.getLogicalId(deadLetterQueue.node.defaultChild as never), 'Arn'] },
        maxReceiveCount: def.maxReceiveCount,
      });
      expect(props.VisibilityTimeout).toBe(def.visibilityTimeoutSeconds);
      const dlq =
        template.toJSON().Resources[stack.getLogicalId(deadLetterQueue.node.defaultChild as never)].Properties;
      expect(dlq.MessageRetentionPeriod).toBe(def.dlqRetentionDays * 24 * 3600);
    }
  });

  it('encrypts every queue and refuses plain-HTTP access', () => {
    const { template } = synth();

    for (const [id, queue] of resources(template, 'AWS::SQS::Queue')) {
      expect(queue.Properties.SqsManagedSseEnabled, id).toBe(true);
    }
    const policies = resources(template, 'AWS::SQS::QueuePolicy');
    expect(policies).toHaveLength(QUEUES.length * 2);
    for (const [id, policy] of policies) {
      expect(JSON.stringify(policy.Properties.PolicyDocument), id).toContain('"aws:SecureTransport":"false"');
    }
  });

  it('exposes the queue URLs under each envVar', () => {
    const { stack, queues } = synth();

    expect(Object.keys(stack.resolve(queues.environment)).sort()).toEqual(QUEUES.map((q) => q.envVar).sort());
  });
});
