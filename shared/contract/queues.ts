// Queue and dead-letter-queue naming, shared by the deployment (which creates the queues and names
// their URLs in each function's environment) and the runtime (which reads those variables and
// recognises DLQs). Pure: no env, no SDK.

export const queueUrlVariable = (queue: string) => `${constantCase(queue)}_QUEUE_URL`;
export const deadLetterQueueUrlVariable = (queue: string) => `${constantCase(queue)}_DLQ_URL`;

const DEAD_LETTER_SUFFIX = '-dlq';
export const deadLetterQueueName = (queue: string) => `${queue}${DEAD_LETTER_SUFFIX}`;
export const isDeadLetterQueueName = (name: string) => name.endsWith(DEAD_LETTER_SUFFIX);
/** The name a dead-letter queue's name was made from (deadLetterQueueName's inverse; other names unchanged). */
export const sourceOfDeadLetterQueueName = (name: string) => (isDeadLetterQueueName(name) ? name.slice(0, -DEAD_LETTER_SUFFIX.length) : name);

function constantCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}
