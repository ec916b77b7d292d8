// Dead letters: messages a queue gave up on after its maxReceiveCount, recorded so an admin can
// see why and send them back. Plain TypeScript: no AWS types.
import { sourceOfDeadLetterQueueName } from '#shared/contract/queues.ts';
import { CORRELATION_ATTRIBUTE, REFUSED_MESSAGE_ID_ATTRIBUTE, VALIDATION_ERROR_ATTRIBUTE } from '#shared/queue/message.ts';
import type { DeadLetterView } from '#shared/schemas/dead-letters.ts';

export interface MessageAttribute {
  dataType: string;
  stringValue?: string;
  /** Base64. */
  binaryValue?: string;
}

export interface DeadLetter {
  /** From the message's `tenant_id`; null (a system partition no tenant reads) when it has none. */
  tenantId: string | null;
  /** The declared queue it came from. */
  queue: string;
  messageId: string;
  /** The raw body, sent back unchanged on redrive. */
  body: string;
  attributes: Record<string, MessageAttribute>;
  attempts: number;
  lastError: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  recordedAt: string;
  redrivenAt: string | null;
}

export interface DeadLetteredMessage {
  queue: string;
  messageId: string;
  body: string;
  attributes: Record<string, MessageAttribute>;
  /** The message's receive count as the DLQ reports it (used when the consumer recorded none). */
  receiveCount: number;
  /** When the message was first sent to its queue (SQS keeps this when it moves it to the DLQ). */
  sentAt: string;
}

/** The id a DLQ message is recorded under: a refused message's own (every copy of it is one dead letter), else the DLQ's. */
export function recordedMessageId(message: Pick<DeadLetteredMessage, 'messageId' | 'attributes'>): string {
  const refused = message.attributes[VALIDATION_ERROR_ATTRIBUTE]?.stringValue !== undefined;
  return (refused ? message.attributes[REFUSED_MESSAGE_ID_ATTRIBUTE]?.stringValue : undefined) ?? message.messageId;
}

/**
 * The record of a DLQ message: its tenant (from its body), attempts and last error as its consumer
 * last failed (a refused message: once, with the refusal), or as the DLQ saw it when no failure was
 * recorded (a consumer that timed out or crashed).
 */
export function deadLetterOf(
  message: DeadLetteredMessage,
  recording: { recordedAt: string; failure?: { error: string; receiveCount: number; failedAt: string } },
): DeadLetter {
  const refused = message.attributes[VALIDATION_ERROR_ATTRIBUTE]?.stringValue;
  const { recordedAt, failure } = recording;
  return {
    tenantId: tenantOf(message.body),
    queue: message.queue,
    messageId: recordedMessageId(message),
    body: message.body,
    attributes: message.attributes,
    attempts: failure?.receiveCount ?? (refused === undefined ? message.receiveCount : 1),
    lastError: refused ?? failure?.error ?? null,
    firstSeenAt: message.sentAt,
    lastSeenAt: failure?.failedAt ?? recordedAt,
    recordedAt,
    redrivenAt: null,
  };
}

/** The message's tenant, when its JSON body names one. */
export function tenantOf(body: string): string | null {
  const parsed = parseBody(body);
  const tenant = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>).tenant_id : undefined;
  return typeof tenant === 'string' && tenant.length > 0 && tenant.length <= 128 ? tenant : null;
}

/** The JSON value of a body, or the raw text when it is not JSON. */
export function parseBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/** `scoring failed 5 times: <last error>`: the reason a domain object carries when its work dead-letters. */
export function deadLetterReason(letter: Pick<DeadLetter, 'queue' | 'attempts' | 'lastError'>): string {
  const times = letter.attempts === 1 ? 'once' : `${letter.attempts} times`;
  return `${letter.queue} failed ${times}: ${letter.lastError ?? 'no error was recorded (the consumer timed out or crashed)'}`;
}

export const deadLetterView = (letter: DeadLetter): DeadLetterView => ({
  // Recorded only from the declared queues' DLQs (their names are pinned by test/contract/queues.test.ts).
  queue: letter.queue as DeadLetterView['queue'],
  message_id: letter.messageId,
  body: parseBody(letter.body),
  message_attributes: Object.fromEntries(
    Object.entries(letter.attributes).map(([name, a]) => [
      name,
      {
        data_type: a.dataType,
        ...(a.stringValue === undefined ? {} : { string_value: a.stringValue }),
        ...(a.binaryValue === undefined ? {} : { binary_value: a.binaryValue }),
      },
    ]),
  ),
  correlation_id: letter.attributes[CORRELATION_ATTRIBUTE]?.stringValue ?? null,
  attempts: letter.attempts,
  last_error: letter.lastError,
  first_seen_at: letter.firstSeenAt,
  last_seen_at: letter.lastSeenAt,
  recorded_at: letter.recordedAt,
  redriven_at: letter.redrivenAt,
});

/**
 * The declared queue a DLQ's messages came from: DLQs are named `<prefix><queue>-dlq`
 * (deadLetterQueueName in shared/contract/queues.ts; the stack's and the twin's prefixes differ), so it is
 * the longest declared name the DLQ's name ends with; an undeclared one keeps its last name segment.
 */
export function sourceQueueOf(deadLetterQueueArn: string, declared: readonly string[]): string {
  const name = deadLetterQueueArn.split(':').pop() ?? '';
  const source = sourceOfDeadLetterQueueName(name);
  const matches = declared.filter((queue) => source === queue || source.endsWith(`-${queue}`));
  return matches.sort((a, b) => b.length - a.length)[0] ?? source.split('-').pop() ?? source;
}
