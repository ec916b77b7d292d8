// Least privilege, straight from a function's declared `uses`: only named actions on named resources.
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Use } from '../wiring-types.ts';
import type { DeclaredQueue } from './queues.ts';

/** Actions of a `{ table: 'read' }` use: reads by key and by query, on the table and its indexes. */
export const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const;
/** Actions a `{ table: 'readWrite' }` use adds: single-item conditional writes and batch writes. */
export const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
] as const;

/** The resources a use can name. */
export interface UseTargets {
  tableArn: string;
  indexArns: readonly string[];
  /** Queue name → queue and DLQ. */
  queues: Readonly<Record<string, DeclaredQueue>>;
  /** The `@connections/*` ARNs of the WebSocket API. */
  connectionArns: readonly string[];
}

/** Adds to `policy` one statement per granted use (none for a use that grants nothing). */
export function grantUses(policy: iam.PolicyDocument, uses: readonly Use[], targets: UseTargets): void {
  for (const use of uses) {
    for (const [actions, resources] of useGrants(use, targets)) {
      if (actions.length > 0 && resources.length > 0) policy.addStatements(new iam.PolicyStatement({ actions, resources }));
    }
  }
}

type Grant = [actions: string[], resources: string[]];

function useGrants(use: Use, targets: UseTargets): Grant[] {
  const queue = (name: string) => {
    const declared = targets.queues[name];
    if (!declared) throw new Error(`Unknown queue ${name}`);
    return declared;
  };
  const allQueues = Object.values(targets.queues);
  if ('table' in use) {
    const read: Grant = [[...TABLE_READ_ACTIONS], [targets.tableArn, ...targets.indexArns]];
    return use.table === 'readWrite' ? [read, [[...TABLE_WRITE_ACTIONS], [targets.tableArn]]] : [read];
  }
  if ('queue' in use) {
    const actions = [...(use.send ? ['sqs:SendMessage'] : []), ...(use.inspect ? ['sqs:GetQueueAttributes'] : [])];
    return [[actions, [queue(use.queue).queue.queueArn]]];
  }
  if ('deadLetterQueue' in use) {
    const actions = [
      ...(use.receive ? ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility'] : []),
      ...(use.send ? ['sqs:SendMessage'] : []),
      ...(use.inspect ? ['sqs:GetQueueAttributes'] : []),
    ];
    return [[actions, [queue(use.deadLetterQueue).deadLetterQueue.queueArn]]];
  }
  // Redrive sends back to the source queues only; the DLQs are drained by their consumer.
  if ('allQueues' in use && use.allQueues === 'send') return [[['sqs:SendMessage'], allQueues.map((q) => q.queue.queueArn)]];
  if ('allQueues' in use) return [[['sqs:GetQueueAttributes'], allQueues.flatMap((q) => [q.queue.queueArn, q.deadLetterQueue.queueArn])]];
  if ('connections' in use) return [[['execute-api:ManageConnections'], [...targets.connectionArns]]];
  return [];
}
