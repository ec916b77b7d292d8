// The webhook settings (infra/wiring.ts `settings`), read once per container from the environment.
import { integerEnv, optionalEnv } from '#shared/config/env.ts';
import type { AddressPolicy } from './address.ts';
import type { DeliveryPolicy } from './deliver.ts';
import { parseSchedule } from './retry.ts';

function flag(name: string): boolean {
  const value = optionalEnv(name, 'false').toLowerCase();
  if (value !== 'true' && value !== 'false') throw new Error(`Environment variable ${name} must be true or false`);
  return value === 'true';
}

/** WEBHOOK_ALLOW_LOOPBACK: the twin lets endpoints point at loopback (over http too); the cloud never. */
export const addressPolicy = (): AddressPolicy => ({ allowLoopback: flag('WEBHOOK_ALLOW_LOOPBACK') });

export function deliveryPolicy(): DeliveryPolicy {
  const disableAfterFailures = integerEnv('WEBHOOK_DISABLE_AFTER_FAILURES', 10);
  const attemptTimeoutMs = integerEnv('WEBHOOK_ATTEMPT_TIMEOUT_MS', 3000);
  if (disableAfterFailures < 1) throw new Error('WEBHOOK_DISABLE_AFTER_FAILURES must be at least 1');
  if (attemptTimeoutMs < 1) throw new Error('WEBHOOK_ATTEMPT_TIMEOUT_MS must be at least 1');
  return {
    retryDelaysMs: parseSchedule(optionalEnv('WEBHOOK_RETRY_DELAYS_MS', '500,1000,2000'), 'WEBHOOK_RETRY_DELAYS_MS'),
    attemptTimeoutMs,
    redeliverySchedule: parseSchedule(optionalEnv('WEBHOOK_RETRY_SCHEDULE_SECONDS', '30,300,1800,7200'), 'WEBHOOK_RETRY_SCHEDULE_SECONDS'),
    disableAfterFailures,
    address: addressPolicy(),
  };
}
