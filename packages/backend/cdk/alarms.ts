import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { type ITopic, Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface AlarmsProps {
  /** Queues that must stay empty: every dead-letter queue and the stream failure destination. */
  readonly deadLetterQueues: Readonly<Record<string, IQueue>>;
  readonly functions: Readonly<Record<string, IFunction>>;
  readonly httpApi: HttpApi;
  /** Subscribe this address to a new alarm topic. */
  readonly alarmEmail?: string;
  /** Or notify this existing topic. */
  readonly alarmTopicArn?: string;
}

/**
 * The alarms an operator needs: a message in any dead-letter queue, any
 * function error or throttle, and HTTP 5xx from the API. Each notifies the
 * optional SNS topic; without one they still show in the CloudWatch console.
 *
 * @example
 * ```ts
 * new Alarms(this, 'Alarms', { deadLetterQueues, functions, httpApi, alarmEmail: 'ops@example.com' });
 * ```
 */
export class Alarms extends Construct {
  readonly alarms: Alarm[] = [];
  readonly topic: ITopic | undefined;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    if (props.alarmTopicArn) {
      this.topic = Topic.fromTopicArn(this, 'Topic', props.alarmTopicArn);
    } else if (props.alarmEmail) {
      const topic = new Topic(this, 'Topic', { displayName: 'cartkit alarms', enforceSSL: true });
      topic.addSubscription(new EmailSubscription(props.alarmEmail));
      this.topic = topic;
    }

    const period = Duration.minutes(5);
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      this.add(`${name}NotEmpty`, `cartkit: messages in ${name}; inspect and redrive`, {
        metric: queue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
        threshold: 0,
      });
    }
    for (const [name, fn] of Object.entries(props.functions)) {
      this.add(`${name}-errors`, `cartkit: ${name} failed invocations`, {
        metric: fn.metricErrors({ period, statistic: 'Sum' }),
        threshold: 0,
      });
      this.add(`${name}-throttles`, `cartkit: ${name} throttled (concurrency exhausted)`, {
        metric: fn.metricThrottles({ period, statistic: 'Sum' }),
        threshold: 0,
      });
    }
    this.add('Api5xx', 'cartkit: the HTTP API answered 5xx', {
      metric: props.httpApi.metricServerError({ period, statistic: 'Sum' }),
      threshold: 0,
    });
  }

  private add(
    id: string,
    description: string,
    options: Pick<ConstructorParameters<typeof Alarm>[2], 'metric' | 'threshold'>,
  ) {
    const alarm = new Alarm(this, id, {
      ...options,
      alarmDescription: description,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      // No traffic is healthy, not unknown.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    if (this.topic) alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
