// The correlation id: taken from the caller when it is a sane token, else the id the gateway gave
// the request (API Gateway's `requestContext.requestId`: unique per request, and the one its access
// logs carry), generated only when neither is there; echoed on every response and carried through
// queues, webhooks and WebSocket messages. Generating uses the global Web Crypto on demand, so no
// function loads `node:crypto` at cold start for it.

export const CORRELATION_HEADER = 'x-correlation-id';
/** A token: letters, digits and `._:-`, and `+/=` of standard base64 (API Gateway's request ids, e.g. `JKJaXmPLvHcESHA=`). */
const SANE = /^[A-Za-z0-9._:+/=-]{1,128}$/;

/** The caller's id if sane, else the gateway's request id if sane, else a new UUID. */
export function correlationIdFrom(value: string | undefined | null, gatewayRequestId?: string): string {
  if (value && SANE.test(value)) return value;
  if (gatewayRequestId && SANE.test(gatewayRequestId)) return gatewayRequestId;
  return globalThis.crypto.randomUUID();
}
