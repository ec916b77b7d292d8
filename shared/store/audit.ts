// The audit log: one item per entry in the tenant's audit partition, ordered by time, expiring
// after the retention period.
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '#shared/audit/entry.ts';
import { documentClient, tableName } from './client.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { epochSeconds, keys } from './keys.ts';

export async function saveAuditEntry(entry: AuditEntry, retentionDays: number): Promise<void> {
  await documentClient.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...keys.auditEntry(entry.tenantId, entry.time, entry.auditId),
        type: 'audit',
        audit_id: entry.auditId,
        tenant_id: entry.tenantId,
        actor_type: entry.actorType,
        actor_id: entry.actorId,
        action: entry.action,
        resource: entry.resource,
        outcome: entry.outcome,
        status: entry.status,
        correlation_id: entry.correlationId,
        time: entry.time,
        expires_at: epochSeconds(new Date(entry.time)) + retentionDays * 86_400,
      },
    }),
  );
}

export interface AuditQuery {
  tenantId: string;
  from?: string;
  to?: string;
  action?: string;
  limit: number;
  cursor?: string;
}

/** Newest first. One Query per page; an action filter may leave a page short (the cursor goes on). */
export async function auditPage(query: AuditQuery, now = new Date()) {
  const partition = keys.auditPartition(query.tenantId);
  // As stored (toISOString), so the bounds compare with the sort keys as the times do.
  const from = query.from ? new Date(query.from).toISOString() : '0000';
  const to = `${query.to ? new Date(query.to).toISOString() : '9999'}\uffff`;
  const { Items = [], LastEvaluatedKey } = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      FilterExpression: query.action ? '#action = :action' : undefined,
      ExpressionAttributeNames: query.action ? { '#action': 'action' } : undefined,
      ExpressionAttributeValues: { ':pk': partition.PK, ':from': from, ':to': to, ...(query.action ? { ':action': query.action } : {}) },
      ScanIndexForward: false,
      Limit: query.limit,
      ExclusiveStartKey: decodeCursor(query.cursor, { partition, sortKey: { from, to } }),
    }),
  );
  const live = Items.filter((item) => item.expires_at > epochSeconds(now));
  return {
    entries: live.map(
      (item): AuditEntry => ({
        auditId: item.audit_id,
        tenantId: item.tenant_id,
        actorType: item.actor_type,
        actorId: item.actor_id,
        action: item.action,
        resource: item.resource,
        outcome: item.outcome,
        status: item.status,
        correlationId: item.correlation_id,
        time: item.time,
      }),
    ),
    nextCursor: encodeCursor(LastEvaluatedKey),
  };
}
