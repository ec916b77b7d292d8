// The dead-letter recorder's job for one DLQ message: record it in its tenant's partition (with the
// consumer's last error, remembered by the worker plumbing) and mark its domain object failed.
// A redelivered DLQ message rewrites the same record and repeats only idempotent steps. A message
// its worker refused (it broke the queue's contract) carries the reason in `validation_error` (its
// last error) and its own id in `refused_message_id`: every copy of it is recorded as that message.
import { REFUSED_MESSAGE_ID_ATTRIBUTE, VALIDATION_ERROR_ATTRIBUTE } from '#shared/queue/message.ts';
import { claimRecording, saveDeadLetter } from '#shared/store/dead-letters.ts';
import { tenantOf, type DeadLetter, type MessageAttribute } from './dead-letter.ts';
import { handlerOf } from './handlers.ts';

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

export type RecordOutcome = 'recorded' | 'recorded_without_tenant' | 'already_redriven';

export async function recordDeadLetter(message: DeadLetteredMessage, correlationId: string, now = new Date()): Promise<RecordOutcome> {
  const refused = message.attributes[VALIDATION_ERROR_ATTRIBUTE]?.stringValue;
  const messageId = (refused === undefined ? undefined : message.attributes[REFUSED_MESSAGE_ID_ATTRIBUTE]?.stringValue) ?? message.messageId;
  const { recordedAt, failure } = await claimRecording(messageId, now);
  const letter: DeadLetter = {
    tenantId: tenantOf(message.body),
    queue: message.queue,
    messageId,
    body: message.body,
    attributes: message.attributes,
    attempts: failure?.receiveCount ?? (refused === undefined ? message.receiveCount : 1),
    lastError: refused ?? failure?.error ?? null,
    firstSeenAt: message.sentAt,
    lastSeenAt: failure?.failedAt ?? recordedAt,
    recordedAt,
    redrivenAt: null,
  };
  const previous = await saveDeadLetter(letter);
  // A stale redelivery of a message already sent back must not fail the object a second time.
  if (previous?.redrivenAt) return 'already_redriven';
  if (letter.tenantId === null) return 'recorded_without_tenant';
  await handlerOf(letter.queue)?.onDeadLetter({ ...letter, tenantId: letter.tenantId }, correlationId, now);
  return 'recorded';
}
