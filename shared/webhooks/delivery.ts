// Deliveries: one per (event, endpoint), with every attempt made. Plain TypeScript.
//
//   pending ──attempt──▶ succeeded | failed (3xx/4xx, refused address)
//      │                     ▲
//      └─▶ retrying ─────────┘  (back on the queue after a growing delay) ──▶ dead_lettered ──redrive──▶ pending
//   paused: the endpoint is disabled; re-enabling it replays the delivery (→ pending).
//   skipped: the endpoint was deleted.
import type { AttemptOutcome } from './retry.ts';
import type { DeliveryAttemptView, DeliveryView } from '#shared/schemas/responses/events.ts';

export type DeliveryStatus = 'pending' | 'retrying' | 'succeeded' | 'failed' | 'dead_lettered' | 'paused' | 'skipped';

/** No further attempt will be made (a redrive or re-enable may start new ones). */
export const isSettled = (status: DeliveryStatus) => status === 'succeeded' || status === 'failed' || status === 'skipped';

export interface DeliveryAttempt {
  /** 1, 2, … across every receive of the delivery's messages. */
  number: number;
  /** The queue receive this attempt belongs to (1 on the first). */
  receive: number;
  attemptedAt: string;
  statusCode: number | null;
  latencyMs: number;
  outcome: AttemptOutcome;
  error: string | null;
}

export interface Delivery {
  tenantId: string;
  eventId: string;
  webhookId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
  attemptCount: number;
  /** This delivery already counted once toward its endpoint's failures in a row. */
  failureCounted: boolean;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export const attemptView = (attempt: DeliveryAttempt): DeliveryAttemptView => ({
  number: attempt.number,
  receive: attempt.receive,
  attempted_at: attempt.attemptedAt,
  status_code: attempt.statusCode,
  latency_ms: attempt.latencyMs,
  outcome: attempt.outcome,
  error: attempt.error,
});

export const deliveryView = (delivery: Delivery): DeliveryView => ({
  event_id: delivery.eventId,
  webhook_id: delivery.webhookId,
  event_type: delivery.eventType,
  status: delivery.status,
  attempt_count: delivery.attemptCount,
  attempts: delivery.attempts.map(attemptView),
  last_error: delivery.lastError,
  next_attempt_at: delivery.nextAttemptAt,
  delivered_at: delivery.deliveredAt,
  created_at: delivery.createdAt,
  updated_at: delivery.updatedAt,
});
