// Agents and their API keys. Single-item conditional writes, ordered so that a crash between two
// of them never leaves a working key for an agent that is missing or revoked.
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Agent } from '#shared/agents/agent.ts';
import { documentClient, tableName } from './client.ts';
import { isConditionFailure, setClause } from './expressions.ts';
import { epochSeconds, isLive, keys } from './keys.ts';
import { prefixPage } from './page.ts';

type Item = Record<string, any>;

function toAgent(item: Item): Agent {
  return {
    agentId: item.agent_id,
    tenantId: item.tenant_id,
    name: item.name,
    description: item.description ?? null,
    status: item.status,
    keyHash: item.key_hash,
    keyHint: item.key_hint,
    previousKeyHash: item.previous_key_hash ?? null,
    createdAt: item.created_at,
    updatedAt: item.updated_at,
    createdBy: item.created_by,
    revokedAt: item.revoked_at ?? null,
  };
}

export async function insertAgent(agent: Agent): Promise<void> {
  await documentClient.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...keys.agent(agent.tenantId, agent.agentId),
        type: 'agent',
        agent_id: agent.agentId,
        tenant_id: agent.tenantId,
        name: agent.name,
        description: agent.description,
        status: agent.status,
        key_hash: agent.keyHash,
        key_hint: agent.keyHint,
        created_at: agent.createdAt,
        updated_at: agent.updatedAt,
        created_by: agent.createdBy,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

export async function findAgent(tenantId: string, agentId: string): Promise<Agent | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: keys.agent(tenantId, agentId) }));
  return Item ? toAgent(Item) : undefined;
}

/**
 * Whether the agent exists and is active, read consistently (so a revoke that answered is seen):
 * the one read each agent write makes while the authorizer cache may still pass a revoked key.
 */
export async function isAgentActive(tenantId: string, agentId: string): Promise<boolean> {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: tableName,
      Key: keys.agent(tenantId, agentId),
      ConsistentRead: true,
      ProjectionExpression: '#status',
      ExpressionAttributeNames: { '#status': 'status' },
    }),
  );
  return Item?.status === 'active';
}

export async function agentsPage(tenantId: string, limit: number, cursor?: string) {
  const page = await prefixPage(keys.tenantPartition(tenantId), 'AGENT#', limit, cursor);
  return { agents: page.items.map(toAgent), nextCursor: page.nextCursor };
}

/** Updates an active agent's descriptive fields; undefined when it is missing or revoked. */
export async function updateAgentDetails(
  tenantId: string,
  agentId: string,
  changes: { name?: string; description?: string | null },
  now: string,
): Promise<Agent | undefined> {
  const { sets, names, values } = setClause({ ...changes, updated_at: now });
  try {
    const { Attributes } = await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.agent(tenantId, agentId),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: 'attribute_exists(PK) AND #status = :active',
        ExpressionAttributeNames: { ...names, '#status': 'status' },
        ExpressionAttributeValues: { ...values, ':active': 'active' },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ? toAgent(Attributes) : undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

/** Points an active agent at a new key, only if its key is still the one the caller saw. */
export async function swapAgentKey(
  agent: Agent,
  next: { hash: string; hint: string; previousHash: string | null },
  now: string,
): Promise<Agent | undefined> {
  try {
    const { Attributes } = await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.agent(agent.tenantId, agent.agentId),
        UpdateExpression: next.previousHash
          ? 'SET key_hash = :hash, key_hint = :hint, previous_key_hash = :previous, updated_at = :now'
          : 'SET key_hash = :hash, key_hint = :hint, updated_at = :now REMOVE previous_key_hash',
        ConditionExpression: 'key_hash = :seen AND #status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':hash': next.hash,
          ':hint': next.hint,
          ':now': now,
          ':seen': agent.keyHash,
          ':active': 'active',
          ...(next.previousHash ? { ':previous': next.previousHash } : {}),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ? toAgent(Attributes) : undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

export async function markAgentRevoked(tenantId: string, agentId: string, now: string): Promise<void> {
  await documentClient.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.agent(tenantId, agentId),
      UpdateExpression: 'SET #status = :revoked, revoked_at = if_not_exists(revoked_at, :now), updated_at = :now',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':revoked': 'revoked', ':now': now },
    }),
  );
}

export interface StoredApiKey {
  tenantId: string;
  agentId: string;
}

export async function insertApiKey(hash: string, owner: StoredApiKey, createdAt: string): Promise<void> {
  await documentClient.send(
    new PutCommand({
      TableName: tableName,
      Item: { ...keys.apiKey(hash), type: 'api_key', tenant_id: owner.tenantId, agent_id: owner.agentId, created_at: createdAt },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

/** The key's owner, unless the key is unknown or its grace period has ended (TTL deletes lazily). */
export async function findApiKey(hash: string, now = new Date()): Promise<StoredApiKey | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: keys.apiKey(hash) }));
  if (!Item || !isLive(Item, now)) return undefined;
  return { tenantId: Item.tenant_id, agentId: Item.agent_id };
}

/** Keeps a rotated-out key working until `until`, then the table forgets it. */
export async function expireApiKey(hash: string, until: Date): Promise<void> {
  await documentClient
    .send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.apiKey(hash),
        UpdateExpression: 'SET expires_at = :until',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':until': epochSeconds(until) },
      }),
    )
    .catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
}

export async function deleteApiKey(hash: string): Promise<void> {
  await documentClient.send(new DeleteCommand({ TableName: tableName, Key: keys.apiKey(hash) }));
}
