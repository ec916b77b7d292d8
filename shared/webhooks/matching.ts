// Which events an endpoint subscribes to: `event_types` holds exact names or `prefix.*` (any type
// under that prefix, at any depth); an empty list means every type. `min_priority` filters below
// it. Plain TypeScript.
import { reaches, type Priority } from '#shared/integrations/priority.ts';

/** A type name, `prefix.*`, or `*`. Names: letters, digits, `_`, `-`, `:`, separated by dots. */
export const EVENT_TYPE_PATTERN = /^(?:\*|[A-Za-z0-9_:-]+(?:\.[A-Za-z0-9_:-]+)*(?:\.\*)?)$/;
export const EVENT_TYPE_NAME = /^[A-Za-z0-9_:-]+(?:\.[A-Za-z0-9_:-]+)*$/;

export function matchesType(patterns: readonly string[], type: string): boolean {
  if (patterns.length === 0) return true;
  return patterns.some((pattern) => {
    if (pattern === '*') return true;
    if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
    return pattern === type;
  });
}

export interface Subscription {
  eventTypes: readonly string[];
  minPriority: Priority;
}

export const subscribes = (subscription: Subscription, event: { type: string; priority: Priority }) =>
  matchesType(subscription.eventTypes, event.type) && reaches(event.priority, subscription.minPriority);
