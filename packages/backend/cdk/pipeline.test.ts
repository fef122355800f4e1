import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { QUEUES } from '../src/topology/queues.js';
import { STREAM_SOURCE } from '../src/topology/event-sources.js';
import { Pipeline } from './pipeline.js';
import { CartQueues } from './queues.js';
import { CartTables } from './tables.js';
import { cartkitStack, emptyStack, lambda, referencedIds, resources } from './testing.js';

describe('Pipeline', () => {
  const { template } = cartkitStack();
  const mappings = resources(template, 'AWS::Lambda::EventSourceMapping');

  it('feeds each queue to its consumer in QUEUES batches, reporting partial batch failures', () => {
    for (const def of QUEUES) {
      const found = mappings.filter(
        ([, m]) =>
          referencedIds(m.Properties.EventSourceArn)[0]?.startsWith(`Queues${def.id}`) &&
          !referencedIds(m.Properties.EventSourceArn)[0]?.includes('Dlq'),
      );
      expect(found, def.id).toHaveLength(1);
      const [, mapping] = found[0]!;
      expect(referencedIds(mapping.Properties.FunctionName)[0]).toBe(lambda(template, def.consumer)[0]);
      expect(mapping.Properties.BatchSize).toBe(def.batchSize);
      expect(mapping.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    }
  });

  it('feeds the Carts, Orders and Products streams to the stream processor with bisection, bounded retries and a failure queue', () => {
    const streams = mappings.filter(([, m]) => JSON.stringify(m.Properties.EventSourceArn).includes('StreamArn'));

    expect(
      streams.map(([, m]) => referencedIds(m.Properties.EventSourceArn)[0]?.replace(/[0-9A-F]{8}$/, '')).sort(),
    ).toEqual(['TablesCarts', 'TablesOrders', 'TablesProducts']);
    for (const [id, mapping] of streams) {
      expect(referencedIds(mapping.Properties.FunctionName)[0], id).toBe(lambda(template, 'stream-processor')[0]);
      expect(mapping.Properties, id).toMatchObject({
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: STREAM_SOURCE.retryAttempts,
        MaximumRecordAgeInSeconds: STREAM_SOURCE.maxRecordAgeHours * 3600,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        StartingPosition: 'LATEST',
      });
      const destination = (mapping.Properties.DestinationConfig as { OnFailure: { Destination: unknown } }).OnFailure
        .Destination;
      expect(referencedIds(destination)[0], id).toMatch(/^PipelineStreamFailures/);
    }
  });

  it('refuses a queue whose visibility timeout is shorter than its consumer timeout', () => {
    const stack = emptyStack();
    const queues = new CartQueues(stack, 'Queues');
    const tables = new CartTables(stack, 'Tables');
    const fn = new LambdaFunction(stack, 'Fn', {
      runtime: Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: Code.fromInline('exports.handler = async () => {};'),
    });

    const build = () =>
      new Pipeline(stack, 'Pipeline', {
        queues: QUEUES.map((q) => queues.byId[q.id]),
        consumers: { 'order-worker': fn, 'cleanup-worker': fn },
        consumerTimeoutSeconds: () => 31,
        streams: [tables.byId.Carts],
        streamProcessor: fn,
      });

    expect(build).toThrow(/visibility timeout 30s is shorter than order-worker's 31s timeout/);
  });
});
