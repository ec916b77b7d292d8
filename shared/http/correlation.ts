// The correlation id: taken from the caller when it is a sane token, generated otherwise; echoed
// on every response and carried through queues, webhooks and WebSocket messages.
import { randomUUID } from 'node:crypto';

export const CORRELATION_HEADER = 'x-correlation-id';
const SANE = /^[A-Za-z0-9._:-]{1,128}$/;

export function correlationIdFrom(value: string | undefined | null): string {
  return value && SANE.test(value) ? value : randomUUID();
}
