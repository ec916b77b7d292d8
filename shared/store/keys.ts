// Every item's keys, in one place. Keys carry the tenant wherever an item belongs to one.
//
// item                 PK                                 SK                        GSI1PK / GSI1SK                                   GSI2PK / GSI2SK
// health probe         HEALTH                             HEALTH
// agent                TENANT#<t>                         AGENT#<agent_id>
// benchmark            TENANT#<t>                         BENCH#<benchmark_id>
// benchmark version    TENANT#<t>#BENCH#<b>               VERSION#<000001>
// submission           TENANT#<t>#SUB#<s>                 SUB                       TENANT#<t>#BENCH#<b>#SUBS / <created_at>#<s>     PENDING#<shard> / <since>   (only while queued or scoring)
// trace span           TENANT#<t>#SUB#<s>                 SPAN#<span_id>
// log line             TENANT#<t>#SUB#<s>                 LOG#<ts>#<seq>
// leaderboard entry    TENANT#<t>#BOARD#<b>#V#<n>         AGENT#<agent_id>          TENANT#<t>#BOARD#<b>#V#<n> / <rank key>
// daily quota          QUOTA#<t>#<b>#<agent_id>           DAY#<yyyy-mm-dd>
// idempotency record   IDEMP#<t>#<principal>#<key hash>   IDEMP
// agent API key        APIKEY#<sha256 of the key>         APIKEY
// audit entry          TENANT#<t>#AUDIT                   <iso time>#<audit_id>
// rate-limit window    RATE#<subject>                     W#<window id>
// dead letter          TENANT#<t>#DEADLETTER#<queue>      <recorded_at>#<message_id>   (no tenant in the message: SYSTEM#DEADLETTER#<queue>, read by no route)
// message failure      MSGERR#<message_id>                MSGERR                    (a queue message's latest failure and when it was dead-lettered; TTL)
// WebSocket connection CONN#<connection_id>               CONN                      TENANT#<t>#PRINCIPAL#<p> / CONN#<connection_id>
export const PENDING_SHARDS = 4;

export const keys = {
  health: () => ({ PK: 'HEALTH', SK: 'HEALTH' }),
  tenantPartition: (tenantId: string) => ({ PK: `TENANT#${tenantId}` }),
  agent: (tenantId: string, agentId: string) => ({ PK: `TENANT#${tenantId}`, SK: `AGENT#${agentId}` }),
  agentsPartition: (tenantId: string) => ({ PK: `TENANT#${tenantId}` }),
  benchmark: (tenantId: string, benchmarkId: string) => ({ PK: `TENANT#${tenantId}`, SK: `BENCH#${benchmarkId}` }),
  benchmarkVersions: (tenantId: string, benchmarkId: string) => ({ PK: `TENANT#${tenantId}#BENCH#${benchmarkId}` }),
  benchmarkVersion: (tenantId: string, benchmarkId: string, version: number) => ({
    PK: `TENANT#${tenantId}#BENCH#${benchmarkId}`,
    SK: `VERSION#${String(version).padStart(6, '0')}`,
  }),
  submissionPartition: (tenantId: string, submissionId: string) => ({ PK: `TENANT#${tenantId}#SUB#${submissionId}` }),
  submission: (tenantId: string, submissionId: string) => ({ PK: `TENANT#${tenantId}#SUB#${submissionId}`, SK: 'SUB' }),
  submissionsOfBenchmark: (tenantId: string, benchmarkId: string) => ({ GSI1PK: `TENANT#${tenantId}#BENCH#${benchmarkId}#SUBS` }),
  pending: (shard: number) => ({ GSI2PK: `PENDING#${shard}` }),
  span: (tenantId: string, submissionId: string, spanId: string) => ({ PK: `TENANT#${tenantId}#SUB#${submissionId}`, SK: `SPAN#${spanId}` }),
  logLine: (tenantId: string, submissionId: string, ts: string, seq: string) => ({
    PK: `TENANT#${tenantId}#SUB#${submissionId}`,
    SK: `LOG#${ts}#${seq}`,
  }),
  board: (tenantId: string, benchmarkId: string, version: number) => ({ PK: `TENANT#${tenantId}#BOARD#${benchmarkId}#V#${version}` }),
  boardEntry: (tenantId: string, benchmarkId: string, version: number, agentId: string) => ({
    PK: `TENANT#${tenantId}#BOARD#${benchmarkId}#V#${version}`,
    SK: `AGENT#${agentId}`,
  }),
  quota: (tenantId: string, benchmarkId: string, agentId: string, day: string) => ({
    PK: `QUOTA#${tenantId}#${benchmarkId}#${agentId}`,
    SK: `DAY#${day}`,
  }),
  idempotency: (tenantId: string, principalId: string, keyHash: string) => ({ PK: `IDEMP#${tenantId}#${principalId}#${keyHash}`, SK: 'IDEMP' }),
  apiKey: (keyHash: string) => ({ PK: `APIKEY#${keyHash}`, SK: 'APIKEY' }),
  auditPartition: (tenantId: string) => ({ PK: `TENANT#${tenantId}#AUDIT` }),
  auditEntry: (tenantId: string, time: string, auditId: string) => ({ PK: `TENANT#${tenantId}#AUDIT`, SK: `${time}#${auditId}` }),
  rateWindow: (subject: string, windowId: number) => ({ PK: `RATE#${subject}`, SK: `W#${windowId}` }),
  deadLetters: (tenantId: string | null, queue: string) => ({ PK: tenantId === null ? `SYSTEM#DEADLETTER#${queue}` : `TENANT#${tenantId}#DEADLETTER#${queue}` }),
  deadLetter: (tenantId: string | null, queue: string, recordedAt: string, messageId: string) => ({
    PK: tenantId === null ? `SYSTEM#DEADLETTER#${queue}` : `TENANT#${tenantId}#DEADLETTER#${queue}`,
    SK: `${recordedAt}#${messageId}`,
  }),
  messageFailure: (messageId: string) => ({ PK: `MSGERR#${messageId}`, SK: 'MSGERR' }),
  connection: (connectionId: string) => ({ PK: `CONN#${connectionId}`, SK: 'CONN' }),
  connectionsOfPrincipal: (tenantId: string, principalId: string) => ({
    GSI1PK: `TENANT#${tenantId}#PRINCIPAL#${principalId}`,
  }),
};

/** Epoch seconds, the unit of the table's TTL attribute. */
export const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);
