// The webhook settings (infra/wiring.ts `settings`), read once per container from the environment.
// Their defaults live in the declaration only: functionEnvironment() sets each for the functions that
// declare it, so a missing one fails the cold start with its name.
import { requiredEnv, requiredIntegerEnv } from '#shared/config/env.ts';
import type { AddressPolicy } from './address.ts';
import type { DeliveryPolicy } from './attempt-delivery.ts';
import { parseSchedule } from './retry.ts';

function flag(name: string): boolean {
  const value = requiredEnv(name).toLowerCase();
  if (value !== 'true' && value !== 'false') throw new Error(`Environment variable ${name} must be true or false`);
  return value === 'true';
}

/** WEBHOOK_ALLOW_LOOPBACK: the twin lets endpoints point at loopback (over http too); the cloud never. */
export const addressPolicy = (): AddressPolicy => ({ allowLoopback: flag('WEBHOOK_ALLOW_LOOPBACK') });

export function deliveryPolicy(): DeliveryPolicy {
  const disableAfterFailures = requiredIntegerEnv('WEBHOOK_DISABLE_AFTER_FAILURES');
  const attemptTimeoutMs = requiredIntegerEnv('WEBHOOK_ATTEMPT_TIMEOUT_MS');
  if (disableAfterFailures < 1) throw new Error('WEBHOOK_DISABLE_AFTER_FAILURES must be at least 1');
  if (attemptTimeoutMs < 1) throw new Error('WEBHOOK_ATTEMPT_TIMEOUT_MS must be at least 1');
  return {
    retryDelaysMs: parseSchedule(requiredEnv('WEBHOOK_RETRY_DELAYS_MS'), 'WEBHOOK_RETRY_DELAYS_MS'),
    attemptTimeoutMs,
    redeliverySchedule: parseSchedule(requiredEnv('WEBHOOK_RETRY_SCHEDULE_SECONDS'), 'WEBHOOK_RETRY_SCHEDULE_SECONDS'),
    disableAfterFailures,
    address: addressPolicy(),
  };
}
