// Every item's keys, in one place. Keys carry the tenant wherever an item belongs to one.
//
// item                 PK                                 SK                        GSI1PK / GSI1SK                                   GSI2PK / GSI2SK
// health probe         HEALTH                             HEALTH
// agent                TENANT#<t>                         AGENT#<agent_id>
// agent live status    TENANT#<t>#AGENTSTATUS             AGENT#<agent_id>          (status, group, location, last seen; pending_<tx>: transitions whose aggregate delta may not have landed)
// monitoring cell      TENANT#<t>#MONITOR                 CELL#<group>#<location>   (a count per status and a version; group and location URI-encoded)
// monitoring updates   TENANT#<t>#MONITOR                 UPDATES                   (the dirty mark, its generation, the last published update: the coalescer's slot)
// monitored tenant     MONITORED                          TENANT#<t>                (tenants with live status items: what the reconciler and the offline sweeper visit)
// benchmark            TENANT#<t>                         BENCH#<benchmark_id>
// benchmark version    TENANT#<t>#BENCH#<b>               VERSION#<000001>
// submission           TENANT#<t>#SUB#<s>                 SUB                       TENANT#<t>#BENCH#<b>#SUBS / <created_at>#<s>     PENDING#<shard> / <since>   (only while queued or scoring)
// trace append         TENANT#<t>#SUB#<s>                 SPANS#<append id>#<part>  (the spans of one append, packed; the id sorts by time)
// trace span (legacy)  TENANT#<t>#SUB#<s>                 SPAN#<span_id>            (one item per span, as stacks deployed before stored them; still read)
// log line             TENANT#<t>#SUB#<s>                 LOG#<ts>#<seq>
// leaderboard entry    TENANT#<t>#BOARD#<b>#V#<n>         AGENT#<agent_id>          TENANT#<t>#BOARD#<b>#V#<n> / <rank key>           TENANT#<t>#BOARD#<b>#V#<n>#BYCOST / <cost key>
// board frontier       TENANT#<t>#BOARD#<b>#V#<n>         PARETO                    (the board's cost–score Pareto frontier and its revision)
// public board entry   TENANT#<t>#PUBBOARD#<b>#V#<n>      AGENT#<agent_id>          TENANT#<t>#PUBBOARD#<b>#V#<n> / <public rank key>   (versions with private tasks: the ordering by public_score)
// baseline             TENANT#<t>#BENCH#<b>#BASELINES     V#<000001>#<baseline_id>
// daily quota          QUOTA#<t>#<b>#<agent_id>           DAY#<yyyy-mm-dd>
// idempotency record   IDEMP#<t>#<principal>#<key hash>   IDEMP
// agent API key        APIKEY#<sha256 of the key>         APIKEY
// audit entry          TENANT#<t>#AUDIT                   <iso time>#<audit_id>
// rate-limit window    RATE#<subject>                     W#<window id>
// dead letter          TENANT#<t>#DEADLETTER#<queue>      <recorded_at>#<message_id>   (no tenant in the message: SYSTEM#DEADLETTER#<queue>, read by no route)
// message failure      MSGERR#<message_id>                MSGERR                    (a queue message's latest failure and when it was dead-lettered; TTL)
// WebSocket connection CONN#<connection_id>               CONN                      TENANT#<t>#PRINCIPAL#<p> / CONN#<connection_id>
// channel subscription TENANT#<t>#CHAN#<channel>          CONN#<connection_id>      (the audience of a channel is one Query; expires with its connection, whose `channels` set lists it)
// channel sequence     TENANT#<t>#CHAN#<channel>          SEQ                       (the channel's last update seq; TTL renewed by every update and subscribe)
// event                TENANT#<t>#EVENT#<e>               EVENT                     TENANT#<t>#EVENTS / <event_id>
// delivery             TENANT#<t>#EVENT#<e>               DELIVERY#<webhook_id>     TENANT#<t>#WEBHOOK#<w>#DELIVERIES / <event_id>   DELIVERY_PENDING#<shard> / <since> (until the first attempt), or TENANT#<t>#WEBHOOK#<w>#PAUSED / <event_id> (while paused)
// event dedup key      DEDUP#<t>#<sha256 of dedup_key>    DEDUP                     (24 h; TTL)
// webhook endpoint     TENANT#<t>                         WEBHOOK#<webhook_id>
// judge                TENANT#<t>                         JUDGE#<judge_id>
export const PENDING_SHARDS = 4;
/** What every trace item's sort key starts with, appends (SPANS#) and legacy spans (SPAN#) alike: no other SK may. */
export const TRACE_ITEMS_PREFIX = 'SPAN';
export const DELIVERY_PENDING_SHARDS = 4;

export const keys = {
  health: () => ({ PK: 'HEALTH', SK: 'HEALTH' }),
  tenantPartition: (tenantId: string) => ({ PK: `TENANT#${tenantId}` }),
  agent: (tenantId: string, agentId: string) => ({ PK: `TENANT#${tenantId}`, SK: `AGENT#${agentId}` }),
  agentStatus: (tenantId: string, agentId: string) => ({ PK: `TENANT#${tenantId}#AGENTSTATUS`, SK: `AGENT#${agentId}` }),
  agentStatuses: (tenantId: string) => ({ PK: `TENANT#${tenantId}#AGENTSTATUS` }),
  monitoringCell: (tenantId: string, placementKey: string) => ({ PK: `TENANT#${tenantId}#MONITOR`, SK: `CELL#${placementKey}` }),
  monitoringCells: (tenantId: string) => ({ PK: `TENANT#${tenantId}#MONITOR` }),
  monitoringUpdates: (tenantId: string) => ({ PK: `TENANT#${tenantId}#MONITOR`, SK: 'UPDATES' }),
  monitoredTenant: (tenantId: string) => ({ PK: 'MONITORED', SK: `TENANT#${tenantId}` }),
  monitoredTenants: () => ({ PK: 'MONITORED' }),
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
  spanAppend: (tenantId: string, submissionId: string, appendId: string, part: number) => ({
    PK: `TENANT#${tenantId}#SUB#${submissionId}`,
    SK: `SPANS#${appendId}#${String(part).padStart(3, '0')}`,
  }),
  legacySpan: (tenantId: string, submissionId: string, spanId: string) => ({ PK: `TENANT#${tenantId}#SUB#${submissionId}`, SK: `SPAN#${spanId}` }),
  logLine: (tenantId: string, submissionId: string, ts: string, seq: string) => ({
    PK: `TENANT#${tenantId}#SUB#${submissionId}`,
    SK: `LOG#${ts}#${seq}`,
  }),
  board: (tenantId: string, benchmarkId: string, version: number) => ({ PK: `TENANT#${tenantId}#BOARD#${benchmarkId}#V#${version}` }),
  boardEntry: (tenantId: string, benchmarkId: string, version: number, agentId: string) => ({
    PK: `TENANT#${tenantId}#BOARD#${benchmarkId}#V#${version}`,
    SK: `AGENT#${agentId}`,
  }),
  boardByCost: (tenantId: string, benchmarkId: string, version: number) => ({
    GSI2PK: `TENANT#${tenantId}#BOARD#${benchmarkId}#V#${version}#BYCOST`,
  }),
  boardFrontier: (tenantId: string, benchmarkId: string, version: number) => ({
    PK: `TENANT#${tenantId}#BOARD#${benchmarkId}#V#${version}`,
    SK: 'PARETO',
  }),
  baselines: (tenantId: string, benchmarkId: string) => ({ PK: `TENANT#${tenantId}#BENCH#${benchmarkId}#BASELINES` }),
  baselinesOfVersionPrefix: (version: number) => `V#${String(version).padStart(6, '0')}#`,
  baseline: (tenantId: string, benchmarkId: string, version: number, baselineId: string) => ({
    PK: `TENANT#${tenantId}#BENCH#${benchmarkId}#BASELINES`,
    SK: `V#${String(version).padStart(6, '0')}#${baselineId}`,
  }),
  publicBoard: (tenantId: string, benchmarkId: string, version: number) => ({ PK: `TENANT#${tenantId}#PUBBOARD#${benchmarkId}#V#${version}` }),
  publicBoardEntry: (tenantId: string, benchmarkId: string, version: number, agentId: string) => ({
    PK: `TENANT#${tenantId}#PUBBOARD#${benchmarkId}#V#${version}`,
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
  deadLetters: (tenantId: string | null, queue: string) => ({
    PK: tenantId === null ? `SYSTEM#DEADLETTER#${queue}` : `TENANT#${tenantId}#DEADLETTER#${queue}`,
  }),
  deadLetter: (tenantId: string | null, queue: string, recordedAt: string, messageId: string) => ({
    PK: tenantId === null ? `SYSTEM#DEADLETTER#${queue}` : `TENANT#${tenantId}#DEADLETTER#${queue}`,
    SK: `${recordedAt}#${messageId}`,
  }),
  messageFailure: (messageId: string) => ({ PK: `MSGERR#${messageId}`, SK: 'MSGERR' }),
  connection: (connectionId: string) => ({ PK: `CONN#${connectionId}`, SK: 'CONN' }),
  event: (tenantId: string, eventId: string) => ({ PK: `TENANT#${tenantId}#EVENT#${eventId}`, SK: 'EVENT' }),
  eventPartition: (tenantId: string, eventId: string) => ({ PK: `TENANT#${tenantId}#EVENT#${eventId}` }),
  eventsOfTenant: (tenantId: string) => ({ GSI1PK: `TENANT#${tenantId}#EVENTS` }),
  delivery: (tenantId: string, eventId: string, webhookId: string) => ({ PK: `TENANT#${tenantId}#EVENT#${eventId}`, SK: `DELIVERY#${webhookId}` }),
  deliveriesOfWebhook: (tenantId: string, webhookId: string) => ({ GSI1PK: `TENANT#${tenantId}#WEBHOOK#${webhookId}#DELIVERIES` }),
  pendingDeliveries: (shard: number) => ({ GSI2PK: `DELIVERY_PENDING#${shard}` }),
  pausedDeliveries: (tenantId: string, webhookId: string) => ({ GSI2PK: `TENANT#${tenantId}#WEBHOOK#${webhookId}#PAUSED` }),
  eventDedup: (tenantId: string, dedupKeyHash: string) => ({ PK: `DEDUP#${tenantId}#${dedupKeyHash}`, SK: 'DEDUP' }),
  webhook: (tenantId: string, webhookId: string) => ({ PK: `TENANT#${tenantId}`, SK: `WEBHOOK#${webhookId}` }),
  judge: (tenantId: string, judgeId: string) => ({ PK: `TENANT#${tenantId}`, SK: `JUDGE#${judgeId}` }),
  connectionsOfPrincipal: (tenantId: string, principalId: string) => ({
    GSI1PK: `TENANT#${tenantId}#PRINCIPAL#${principalId}`,
  }),
  channel: (tenantId: string, channel: string) => ({ PK: `TENANT#${tenantId}#CHAN#${channel}` }),
  subscription: (tenantId: string, channel: string, connectionId: string) => ({
    PK: `TENANT#${tenantId}#CHAN#${channel}`,
    SK: `CONN#${connectionId}`,
  }),
  channelSeq: (tenantId: string, channel: string) => ({ PK: `TENANT#${tenantId}#CHAN#${channel}`, SK: 'SEQ' }),
};

/** Epoch seconds, the unit of the table's TTL attribute. */
/** A stable shard in [0, shards) for an id: spreads a sparse index's partition keys. */
export const shardOf = (id: string, shards: number) => [...id].reduce((sum, c) => sum + c.charCodeAt(0), 0) % shards;

export const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** Not expired at `now` (TTL deletes lazily, so readers skip expired items themselves); an item without `expires_at` never expires. */
export const isLive = (item: Record<string, any>, now: Date) => item.expires_at === undefined || item.expires_at > epochSeconds(now);
