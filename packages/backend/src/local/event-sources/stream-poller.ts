import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  ListStreamsCommand,
  type Shard,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { type BatchOutcome, batchOutcome } from './batch-response.js';
import type { LambdaHandler } from '../lambda/handlers.js';
import { lambdaContext } from '../lambda/lambda-context.js';
import type { Logger } from '../support/log.js';
import { toStreamEventRecord } from './stream-event.js';

/** One table stream feeding one function, like a Lambda DynamoDB event source mapping. */
export interface StreamSubscription {
  readonly streamArn: string;
  /**
   * The table the stream belongs to. When given, the poller follows the
   * table's latest stream: a table deleted and created again (DynamoDB Local
   * restarted in memory and re-provisioned) gets a new stream ARN.
   */
  readonly tableName?: string;
  /** The handler file name (also the local function name). */
  readonly functionName: string;
  readonly handler: LambdaHandler;
  /** Records per invocation (Lambda's default is 100). */
  readonly batchSize?: number;
  /** Where to start in the shards that exist when polling starts. */
  readonly startingPosition: 'TRIM_HORIZON' | 'LATEST';
  /** Attempts of one record before it is given up (Lambda: MaximumRetryAttempts + 1). */
  readonly maxAttempts?: number;
}

/** Polling the stream every 50 ms: a record reaches its handler within about 50 ms of the write. */
const POLL_INTERVAL_MS = 50;
/** How often new shards are looked for. */
const DISCOVERY_INTERVAL_MS = 1000;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Polls DynamoDB Local's streams and invokes the handler with
 * `DynamoDBStreamEvent` batches, shard by shard and in order, as Lambda does
 * with `ReportBatchItemFailures`: after a failure, the batch is retried from
 * the first failed sequence number (records before it are done); a record
 * that fails `maxAttempts` times is given up (logged as sent to the
 * on-failure destination) and polling moves past it. A thrown error or a
 * nonsensical response fails from the first record of the batch.
 *
 * @example
 * ```ts
 * const poller = startStreamPoller({ client, log, subscriptions: [{ streamArn, functionName: 'stream-processor', handler, startingPosition: 'TRIM_HORIZON' }] });
 * await poller.stop();
 * ```
 */
export function startStreamPoller(options: {
  client: DynamoDBStreamsClient;
  log: Logger;
  subscriptions: readonly StreamSubscription[];
}): { stop(): Promise<void> } {
  const { client, log } = options;
  const abort = new AbortController();
  const { signal } = abort;
  const running = new Set<Promise<void>>();

  async function iterator(
    streamArn: string,
    shardId: string,
    type: ShardIteratorType,
    sequenceNumber?: string,
  ): Promise<string | undefined> {
    const result = await client.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ShardIteratorType: type,
        SequenceNumber: sequenceNumber,
      }),
      { abortSignal: signal },
    );
    return result.ShardIterator;
  }

  async function invoke(
    subscription: StreamSubscription,
    event: DynamoDBStreamEvent,
    ids: string[],
  ): Promise<BatchOutcome> {
    try {
      return batchOutcome(await subscription.handler(event as never, lambdaContext(subscription.functionName)), ids);
    } catch (error) {
      return { kind: 'failure', reason: error instanceof Error ? error.message : String(error) };
    }
  }

  /**
   * Reads one shard to its end. `checkpoints` outlives the call: when the
   * shard's poller fails (DynamoDB Local down), the next one resumes after the
   * last record handled.
   */
  async function runShard(
    subscription: StreamSubscription,
    streamArn: string,
    shardId: string,
    start: ShardIteratorType,
    checkpoints: Map<string, string>,
  ): Promise<void> {
    const maxAttempts = subscription.maxAttempts ?? 3;
    const attempts = new Map<string, number>();
    let checkpoint = checkpoints.get(shardId);
    const advance = (sequenceNumber: string | undefined) => {
      checkpoint = sequenceNumber;
      if (sequenceNumber !== undefined) checkpoints.set(shardId, sequenceNumber);
    };
    let trimmedInARow = 0;
    let next = checkpoint
      ? await iterator(streamArn, shardId, 'AFTER_SEQUENCE_NUMBER', checkpoint)
      : await iterator(streamArn, shardId, start);
    while (next && !signal.aborted) {
      let result: GetRecordsCommandOutput;
      try {
        result = await client.send(
          new GetRecordsCommand({ ShardIterator: next, Limit: subscription.batchSize ?? 100 }),
          {
            abortSignal: signal,
          },
        );
      } catch (error) {
        if (signal.aborted) return;
        // DynamoDB Local quirk: an iterator taken while the shard was empty is "trimmed" once the
        // first record (whose sequence number continues a database-wide counter) arrives. Reading
        // again from the oldest record is right: with no checkpoint nothing has been handled yet.
        const trimmed = (error as { name?: string }).name === 'TrimmedDataAccessException';
        trimmedInARow = trimmed ? trimmedInARow + 1 : 0;
        if (!trimmed || trimmedInARow > 3) {
          // An expired iterator or an emulator hiccup: back off, then resume after the last record handled.
          log.warn('stream-poller', 'GetRecords failed, resuming from the checkpoint', {
            shardId,
            error: String(error),
          });
          await sleep(POLL_INTERVAL_MS * 10, signal);
        }
        next = checkpoint
          ? await iterator(streamArn, shardId, 'AFTER_SEQUENCE_NUMBER', checkpoint)
          : await iterator(streamArn, shardId, 'TRIM_HORIZON');
        continue;
      }
      trimmedInARow = 0;
      const records = result.Records ?? [];
      if (records.length === 0) {
        next = result.NextShardIterator; // undefined: the shard is closed and drained
        await sleep(POLL_INTERVAL_MS, signal);
        continue;
      }
      const sequenceNumbers = records.map((record) => record.dynamodb?.SequenceNumber ?? '');
      const event: DynamoDBStreamEvent = { Records: records.map((record) => toStreamEventRecord(record, streamArn)) };
      const outcome = await invoke(subscription, event, sequenceNumbers);
      if (outcome.kind === 'success') {
        advance(sequenceNumbers.at(-1));
        next = result.NextShardIterator;
        continue;
      }
      const firstFailed =
        outcome.kind === 'failure' ? 0 : sequenceNumbers.findIndex((sequence) => outcome.failed.has(sequence));
      if (firstFailed > 0) advance(sequenceNumbers[firstFailed - 1]);
      const failedSequence = sequenceNumbers[firstFailed] ?? '';
      const attempt = (attempts.get(failedSequence) ?? 0) + 1;
      const record = event.Records[firstFailed];
      if (attempt >= maxAttempts) {
        attempts.delete(failedSequence);
        advance(failedSequence);
        log.warn('stream-poller', 'record failed every attempt, sent to the on-failure destination (dropped locally)', {
          function: subscription.functionName,
          eventID: record?.eventID,
          sequenceNumber: failedSequence,
          attempts: attempt,
          reason: outcome.kind === 'failure' ? outcome.reason : 'reported in batchItemFailures',
        });
        next = await iterator(streamArn, shardId, 'AFTER_SEQUENCE_NUMBER', failedSequence);
      } else {
        attempts.set(failedSequence, attempt);
        log.info('stream-poller', 'retrying from the first failed record', {
          function: subscription.functionName,
          sequenceNumber: failedSequence,
          attempt: attempt + 1,
        });
        next = await iterator(streamArn, shardId, 'AT_SEQUENCE_NUMBER', failedSequence);
      }
    }
  }

  async function listShards(streamArn: string): Promise<Shard[]> {
    const shards: Shard[] = [];
    let exclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await client.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId }),
        { abortSignal: signal },
      );
      shards.push(...(StreamDescription?.Shards ?? []));
      exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
    return shards;
  }

  async function latestStreamArn(tableName: string): Promise<string | undefined> {
    const { Streams = [] } = await client.send(new ListStreamsCommand({ TableName: tableName }), {
      abortSignal: signal,
    });
    // The streams of a deleted table stay listed; the newest label (an ISO timestamp) is the table's current one.
    return Streams.reduce<(typeof Streams)[number] | undefined>(
      (newest, stream) => (newest && (newest.StreamLabel ?? '') >= (stream.StreamLabel ?? '') ? newest : stream),
      undefined,
    )?.StreamArn;
  }

  /**
   * Runs every shard of one stream; a child shard starts once its parent is
   * drained. A shard whose poller fails (DynamoDB Local stopped or restarted)
   * is started again on the next round, from its checkpoint; a table whose
   * stream changed (re-created) is followed to the new stream, from its start.
   */
  async function watch(subscription: StreamSubscription): Promise<void> {
    let streamArn = subscription.streamArn;
    let started = new Map<string, Promise<void>>();
    let checkpoints = new Map<string, string>();
    const positions = new Map<string, ShardIteratorType>();
    let first = true;
    let problem: string | undefined;
    while (!signal.aborted) {
      try {
        const latest = subscription.tableName ? await latestStreamArn(subscription.tableName) : undefined;
        if (latest && latest !== streamArn) {
          log.warn('stream-poller', 'table stream changed (table re-created), following the new one', {
            table: subscription.tableName,
          });
          streamArn = latest;
          started = new Map();
          checkpoints = new Map();
          positions.clear();
          first = false; // a new stream: every record in it is new
        }
        const current = { streamArn, started, checkpoints };
        for (const shard of await listShards(streamArn)) {
          const shardId = shard.ShardId;
          if (!shardId || started.has(shardId)) continue;
          const closed = shard.SequenceNumberRange?.EndingSequenceNumber !== undefined;
          // LATEST means "from now": shards already closed at start have nothing new.
          if (first && subscription.startingPosition === 'LATEST' && closed) {
            started.set(shardId, Promise.resolve());
            continue;
          }
          const parent = shard.ParentShardId ? started.get(shard.ParentShardId) : undefined;
          const position = positions.get(shardId) ?? (first ? subscription.startingPosition : 'TRIM_HORIZON');
          positions.set(shardId, position);
          const run = (parent ?? Promise.resolve())
            .then(() => runShard(subscription, current.streamArn, shardId, position, current.checkpoints))
            .catch((error: unknown) => {
              if (signal.aborted) return;
              log.warn('stream-poller', 'shard poller failed, resuming from its checkpoint', {
                shardId,
                error: String(error),
              });
              // The next round starts it again (unless the stream itself has been replaced).
              if (current.started.get(shardId) === run) current.started.delete(shardId);
            });
          started.set(shardId, run);
          running.add(run);
          void run.finally(() => running.delete(run));
        }
        first = false;
        if (problem !== undefined)
          log.info('stream-poller', 'stream reachable again', { table: subscription.tableName });
        problem = undefined;
      } catch (error) {
        if (signal.aborted) return;
        // Once per outage, not once a second.
        if (problem !== String(error)) {
          log.warn('stream-poller', 'DescribeStream failed, retrying every second', {
            streamArn,
            error: String(error),
          });
        }
        problem = String(error);
      }
      await sleep(DISCOVERY_INTERVAL_MS, signal);
    }
  }

  const watchers = options.subscriptions.map((subscription) => watch(subscription));
  return {
    async stop() {
      abort.abort();
      await Promise.allSettled(watchers);
      await Promise.allSettled([...running]);
    },
  };
}
