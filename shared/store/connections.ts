// The WebSocket connection registry. Items expire with API Gateway's 2-hour connection limit
// (readers must ignore expired items themselves: TTL deletion is lazy).
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Principal } from '#shared/auth/principal.ts';
import { documentClient, tableName } from './client.ts';
import { epochSeconds, keys } from './keys.ts';
import { queryAll } from './page.ts';

export const CONNECTION_LIFETIME_SECONDS = 2 * 60 * 60;

export interface Connection {
  connectionId: string;
  principal: Principal;
  connectedAt: string;
}

export async function saveConnection(connection: Connection, now = new Date()): Promise<void> {
  const { principal } = connection;
  await documentClient.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...keys.connection(connection.connectionId),
        ...keys.connectionsOfPrincipal(principal.tenantId, principal.principalId),
        GSI1SK: `CONN#${connection.connectionId}`,
        type: 'connection',
        connection_id: connection.connectionId,
        tenant_id: principal.tenantId,
        principal_type: principal.principalType,
        principal_id: principal.principalId,
        roles: principal.roles,
        locations: principal.locations,
        agent_id: principal.agentId,
        connected_at: connection.connectedAt,
        expires_at: epochSeconds(now) + CONNECTION_LIFETIME_SECONDS,
      },
    }),
  );
}

// Forgetting a connection also forgets its channel subscriptions: forgetConnection() in ./subscriptions.ts.

/** Ids of a principal's open connections (one GSI1 query; expired ones left out). */
export async function connectionIdsOf(tenantId: string, principalId: string, now = new Date()): Promise<string[]> {
  const items = await queryAll({
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :p',
    ExpressionAttributeValues: { ':p': keys.connectionsOfPrincipal(tenantId, principalId).GSI1PK },
  });
  return items.filter((item) => item.expires_at > epochSeconds(now)).map((item) => item.connection_id);
}
