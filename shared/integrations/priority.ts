// Priorities: what an integration event's severity means (seed 002's table, case-insensitive) and
// the fixed priority of each platform event (DESIGN.md "The HTTP contract"). Plain TypeScript.
export const PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Priority = (typeof PRIORITIES)[number];

const BY_SEVERITY: Record<string, Priority> = {
  critical: 'critical',
  fatal: 'critical',
  emergency: 'critical',
  high: 'high',
  error: 'high',
  medium: 'medium',
  warning: 'medium',
  warn: 'medium',
};

/** critical/fatal/emergency → critical; high/error → high; medium/warning/warn → medium; anything else → low. */
export function priorityOfSeverity(severity: string): Priority {
  const key = severity.trim().toLowerCase();
  return Object.hasOwn(BY_SEVERITY, key) ? BY_SEVERITY[key]! : 'low';
}

/** submission.failed and webhook.disabled → high; agent.status_changed to `error` → medium; others → low. */
export function priorityOfPlatformEvent(type: string, data: Record<string, unknown>): Priority {
  if (type === 'submission.failed' || type === 'webhook.disabled') return 'high';
  if (type === 'agent.status_changed' && data.status === 'error') return 'medium';
  return 'low';
}

/** Does `priority` reach `minimum` (low < medium < high < critical)? */
export const reaches = (priority: Priority, minimum: Priority) => PRIORITIES.indexOf(priority) >= PRIORITIES.indexOf(minimum);
