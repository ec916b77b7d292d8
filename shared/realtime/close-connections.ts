// Closes every open WebSocket connection of a principal (a revoked agent), through @connections.
// Each closed connection's $disconnect forgets it and its subscriptions; a gone one is forgotten here.
import { connectionIdsOf } from '#shared/store/connections.ts';
import { forgetConnection } from '#shared/store/subscriptions.ts';
import { closeConnection } from './connections-api.ts';

export async function closeConnectionsOf(tenantId: string, principalId: string): Promise<number> {
  const ids = await connectionIdsOf(tenantId, principalId);
  for (const id of ids) {
    if ((await closeConnection(id)) === 'gone') await forgetConnection(id);
  }
  return ids.length;
}
