// The update that rotates a signing secret (webhooks and judges): the new secret replaces the one
// the caller read (so two rotations at once cannot both win), and the old one stays valid until
// `previousExpiresAt`, or goes at once when that is null. Plain TypeScript.
import type { ConditionalUpdate } from './expressions.ts';

export function secretRotation(seenSecret: string, secret: string, previousExpiresAt: string | null, now: string): ConditionalUpdate {
  return {
    expression: previousExpiresAt
      ? 'SET secret = :secret, previous_secret = :previous, previous_secret_expires_at = :expires, updated_at = :now'
      : 'SET secret = :secret, updated_at = :now REMOVE previous_secret, previous_secret_expires_at',
    condition: 'secret = :seen',
    values: {
      ':secret': secret,
      ':seen': seenSecret,
      ':now': now,
      ...(previousExpiresAt ? { ':previous': seenSecret, ':expires': previousExpiresAt } : {}),
    },
  };
}
