// What every queue message carries besides its body.
export const CORRELATION_ATTRIBUTE = 'correlation_id';

export const correlationAttributes = (correlationId: string) => ({
  [CORRELATION_ATTRIBUTE]: { DataType: 'String', StringValue: correlationId },
});
