// Closes every open WebSocket connection of a principal (a revoked agent), through @connections.
// Each closed connection's $disconnect removes its registry item; a gone one is removed here.
import { connectionIdsOf, forgetConnection } from '#shared/store/connections.ts';
import { closeConnection } from './connections-api.ts';

export async function closeConnectionsOf(tenantId: string, principalId: string): Promise<number> {
  const ids = await connectionIdsOf(tenantId, principalId);
  for (const id of ids) {
    if ((await closeConnection(id)) === 'gone') await forgetConnection(id);
  }
  return ids.length;
}
