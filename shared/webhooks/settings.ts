// The webhook settings (shared/contract/settings.ts), read once per container through their declared
// types. Their defaults live in the declaration only: functionEnvironment() sets each for the
// functions that declare it, so a missing or malformed one fails the cold start with its name.
import { readSettings } from '#shared/config/settings.ts';
import {
  WEBHOOK_ALLOW_LOOPBACK,
  WEBHOOK_ATTEMPT_TIMEOUT_MS,
  WEBHOOK_DISABLE_AFTER_FAILURES,
  WEBHOOK_RETRY_DELAYS_MS,
  WEBHOOK_RETRY_SCHEDULE_SECONDS,
} from '#shared/contract/settings.ts';
import type { AddressPolicy } from './address.ts';
import type { DeliveryPolicy } from './attempt-delivery.ts';

/** WEBHOOK_ALLOW_LOOPBACK: the twin lets endpoints point at loopback (over http too); the cloud never. */
export const addressPolicy = (): AddressPolicy => ({ allowLoopback: readSettings({ WEBHOOK_ALLOW_LOOPBACK }).WEBHOOK_ALLOW_LOOPBACK });

export function deliveryPolicy(): DeliveryPolicy {
  const settings = readSettings({
    WEBHOOK_RETRY_DELAYS_MS,
    WEBHOOK_ATTEMPT_TIMEOUT_MS,
    WEBHOOK_RETRY_SCHEDULE_SECONDS,
    WEBHOOK_DISABLE_AFTER_FAILURES,
  });
  return {
    retryDelaysMs: settings.WEBHOOK_RETRY_DELAYS_MS,
    attemptTimeoutMs: settings.WEBHOOK_ATTEMPT_TIMEOUT_MS,
    redeliverySchedule: settings.WEBHOOK_RETRY_SCHEDULE_SECONDS,
    disableAfterFailures: settings.WEBHOOK_DISABLE_AFTER_FAILURES,
    address: addressPolicy(),
  };
}
