// Each declared queue with its dead-letter queue and the alarm on dead-lettered messages.
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { DEAD_LETTERS, deadLetterQueueName, deadLetterVisibilitySeconds } from '../wiring-env.ts';
import type { QueueDecl, Wiring } from '../wiring-types.ts';
import { AT_LEAST_ONE } from './failure-alarms.ts';
import { Group } from './group.ts';
import { pascal } from './names.ts';

export interface DeclaredQueue {
  queue: sqs.Queue;
  deadLetterQueue: sqs.Queue;
  /** Fires when the DLQ receives a message: its recorder drains it within seconds, so depth never shows. */
  deadLetterAlarm: cloudwatch.Alarm;
}

export interface QueuesProps {
  /** The declaration's queues and functions (a DLQ's visibility follows its consumer's timeout). */
  wiring: Pick<Wiring, 'queues' | 'functions'>;
  /** Period of the dead-letter alarms. */
  alarmPeriod: Duration;
}

export class Queues extends Group {
  /** Queue name (as declared) → queue, its DLQ and the dead-letter alarm. */
  readonly byName: Record<string, DeclaredQueue> = {};

  constructor(scope: Construct, id: string, props: QueuesProps) {
    super(scope, id);
    for (const [name, decl] of Object.entries(props.wiring.queues)) {
      const consumerTimeout = decl.deadLetterConsumer ? props.wiring.functions[decl.deadLetterConsumer]?.timeoutSeconds : undefined;
      const deadLetterQueue = this.createDeadLetterQueue(name, deadLetterVisibilitySeconds(consumerTimeout));
      const queue = new sqs.Queue(this, `${pascal(name)}Queue`, {
        queueName: `${Stack.of(this).stackName}-${name}`,
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        visibilityTimeout: Duration.seconds(decl.visibilityTimeoutSeconds),
        retentionPeriod: decl.retentionDays ? Duration.days(decl.retentionDays) : undefined,
        deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: decl.maxReceiveCount },
      });
      const deadLetterAlarm = this.createDeadLetterAlarm(name, decl, deadLetterQueue, props.alarmPeriod);
      this.byName[name] = { queue, deadLetterQueue, deadLetterAlarm };
    }
  }

  /** The declared queue's constructs; throws on a name the declaration lacks. */
  get(name: string): DeclaredQueue {
    const queue = this.byName[name];
    if (!queue) throw new Error(`Unknown queue ${name}`);
    return queue;
  }

  /** Every declared queue, in declaration order. */
  get all(): DeclaredQueue[] {
    return Object.values(this.byName);
  }

  private createDeadLetterQueue(name: string, visibilitySeconds: number | undefined): sqs.Queue {
    return new sqs.Queue(this, `${pascal(name)}DeadLetterQueue`, {
      queueName: `${Stack.of(this).stackName}-${deadLetterQueueName(name)}`,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(DEAD_LETTERS.retentionDays),
      visibilityTimeout: visibilitySeconds === undefined ? undefined : Duration.seconds(visibilitySeconds),
    });
  }

  /**
   * On messages received from the DLQ, not on its depth: the dead-letter recorder drains the DLQ
   * within seconds, so ApproximateNumberOfMessagesVisible stays at 0, and NumberOfMessagesSent does
   * not count messages the redrive policy moves. Every dead-lettered message is received by the
   * recorder at least once.
   */
  private createDeadLetterAlarm(name: string, decl: QueueDecl, deadLetterQueue: sqs.Queue, period: Duration): cloudwatch.Alarm {
    return new cloudwatch.Alarm(this, `${pascal(name)}DeadLetterAlarm`, {
      alarmDescription: `Messages dead-lettered to ${deadLetterQueueName(name)}: ${name} work failed ${decl.maxReceiveCount} times or was refused`,
      metric: deadLetterQueue.metricNumberOfMessagesReceived({ period, statistic: 'Sum' }),
      ...AT_LEAST_ONE,
    });
  }
}
