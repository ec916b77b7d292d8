// The dead-letter recorder's job for one DLQ message: record it in its tenant's partition (with the
// consumer's last error, remembered by the worker plumbing) and mark its domain object failed.
// A redelivered DLQ message rewrites the same record and repeats only idempotent steps. A message
// its worker refused (it broke the queue's contract) carries the reason in `validation_error` (its
// last error) and its own id in `refused_message_id`: every copy of it is recorded as that message.
import { claimRecording, saveDeadLetter } from '#shared/store/dead-letters.ts';
import { deadLetterOf, recordedMessageId, type DeadLetteredMessage } from './dead-letter.ts';
import { handlerOf } from './handlers.ts';

export type RecordOutcome = 'recorded' | 'recorded_without_tenant' | 'already_redriven';

export async function recordDeadLetter(message: DeadLetteredMessage, correlationId: string, now = new Date()): Promise<RecordOutcome> {
  const letter = deadLetterOf(message, await claimRecording(recordedMessageId(message), now));
  const previous = await saveDeadLetter(letter);
  // A stale redelivery of a message already sent back must not fail the object a second time.
  if (previous?.redrivenAt) return 'already_redriven';
  if (letter.tenantId === null) return 'recorded_without_tenant';
  await handlerOf(letter.queue)?.onDeadLetter({ ...letter, tenantId: letter.tenantId }, correlationId, now);
  return 'recorded';
}
