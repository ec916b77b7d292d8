// The queues the runtime names are the queues the deployment declares.
import { describe, expect, it } from 'vitest';
import { wiring } from '#infra/wiring.ts';
import type { Wiring } from '#infra/wiring-types.ts';
import { QUEUE_NAMES } from '#shared/schemas/dead-letters.ts';

describe('the declaration', () => {
  const declared = wiring as Wiring;

  it('names exactly the queues the dead-letter routes accept', () => {
    expect([...QUEUE_NAMES].sort()).toEqual(Object.keys(declared.queues).sort());
  });

  it('lets every queue’s consumer send a message that breaks the queue’s contract to its DLQ', () => {
    for (const [name, queue] of Object.entries(declared.queues)) {
      const uses = declared.functions[queue.consumer]?.uses ?? [];
      expect(
        uses.some((use) => 'deadLetterQueue' in use && use.deadLetterQueue === name && use.send),
        `${queue.consumer} → ${name}-dlq`,
      ).toBe(true);
    }
  });

  it('has the recorder drain every queue’s DLQ', () => {
    for (const [name, queue] of Object.entries(declared.queues)) expect(queue.deadLetterConsumer, name).toBe('deadLetterRecorder');
  });
});
