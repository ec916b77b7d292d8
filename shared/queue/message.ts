// What every queue message carries besides its body.
export const CORRELATION_ATTRIBUTE = 'correlation_id';

export const correlationAttributes = (correlationId: string) => ({
  [CORRELATION_ATTRIBUTE]: { DataType: 'String', StringValue: correlationId },
});

/** Set on a message its worker refused because it broke the queue's contract: why (refusal.ts). */
export const VALIDATION_ERROR_ATTRIBUTE = 'validation_error';
/** Set beside it: the refused message's own id, so that every copy of it (SQS delivers at least once) is one dead letter. */
export const REFUSED_MESSAGE_ID_ATTRIBUTE = 'refused_message_id';
