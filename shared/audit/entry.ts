// Audit entries: who did what to which resource, and how it ended. Plain TypeScript.
import type { Principal } from '#shared/auth/principal.ts';
import type { AuditEntryView } from '#shared/schemas/audit.ts';

export type AuditOutcome = 'succeeded' | 'denied' | 'refused' | 'failed';

export interface AuditEntry {
  auditId: string;
  tenantId: string;
  actorType: Principal['principalType'];
  actorId: string;
  action: string;
  resource: string;
  outcome: AuditOutcome;
  status: number;
  correlationId: string;
  time: string;
}

export function outcomeOf(status: number): AuditOutcome {
  if (status < 400) return 'succeeded';
  if (status === 401 || status === 403) return 'denied';
  if (status < 500) return 'refused';
  return 'failed';
}

export const auditView = (entry: AuditEntry): AuditEntryView => ({
  audit_id: entry.auditId,
  tenant_id: entry.tenantId,
  actor: { type: entry.actorType, id: entry.actorId },
  action: entry.action,
  resource: entry.resource,
  outcome: entry.outcome,
  status: entry.status,
  correlation_id: entry.correlationId,
  time: entry.time,
});
