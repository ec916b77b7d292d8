// Agents' names by id, for views that show many agents' rows (exports): one BatchGetItem per 100.
import { getAll } from './batch-get.ts';
import { keys } from './keys.ts';

/** The names of the agents found (a missing agent is absent from the map). */
export async function agentNames(tenantId: string, agentIds: Iterable<string>): Promise<Map<string, string>> {
  const items = await getAll(
    [...new Set(agentIds)].map((agentId) => keys.agent(tenantId, agentId)),
    { projection: { expression: 'agent_id, #name', names: { '#name': 'name' } } },
  );
  return new Map(items.map((item) => [item.agent_id as string, item.name as string]));
}
