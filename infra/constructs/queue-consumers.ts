// Each queue's consumer, and its DLQ's recorder when one is declared, as SQS event sources of the
// functions (the mappings live under the function constructs).
import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ProvisionedPollers } from '../context.ts';
import { DEAD_LETTERS } from '../wiring-env.ts';
import type { Wiring } from '../wiring-types.ts';
import type { Queues } from './queues.ts';

export interface QueueConsumersProps {
  queues: Wiring['queues'];
  declared: Queues;
  fn: (name: string) => lambda.IFunction;
  /** Queue name → provisioned-mode pollers; queues not named run in standard mode. */
  provisionedPollers: Readonly<Record<string, ProvisionedPollers>>;
}

export function addQueueConsumers({ queues, declared, fn, provisionedPollers }: QueueConsumersProps): void {
  for (const [name, decl] of Object.entries(queues)) {
    const { queue, deadLetterQueue } = declared.get(name);
    const pollers = provisionedPollers[name];
    fn(decl.consumer).addEventSource(
      new SqsEventSource(queue, {
        batchSize: decl.batchSize,
        maxBatchingWindow: decl.batchingWindowSeconds > 0 ? Duration.seconds(decl.batchingWindowSeconds) : undefined,
        reportBatchItemFailures: true,
        // Provisioned mode and maximum concurrency are mutually exclusive (Lambda refuses both on
        // one mapping): in provisioned mode the pollers' maximum bounds the concurrency instead.
        ...(pollers ? { provisionedPollerConfig: { ...pollers } } : { maxConcurrency: decl.maxConcurrency }),
      }),
    );
    if (decl.deadLetterConsumer) {
      fn(decl.deadLetterConsumer).addEventSource(
        new SqsEventSource(deadLetterQueue, {
          batchSize: DEAD_LETTERS.batchSize,
          reportBatchItemFailures: true,
          maxConcurrency: DEAD_LETTERS.maxConcurrency,
        }),
      );
    }
  }
}
