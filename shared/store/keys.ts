// Every item's keys, in one place. Keys carry the tenant wherever an item belongs to one.
//
// item                 PK                                   SK                     GSI1PK / GSI1SK
// health probe         HEALTH                               HEALTH                 -
// agent                TENANT#<t>                           AGENT#<agent_id>       -
// agent API key        APIKEY#<sha256 of the key>           APIKEY                 -
// audit entry          TENANT#<t>#AUDIT                     <iso time>#<audit_id>  -
// rate-limit window    RATE#<subject>                       W#<window id>          -
// WebSocket connection CONN#<connection_id>                 CONN                   TENANT#<t>#PRINCIPAL#<p> / CONN#<connection_id>
export const keys = {
  health: () => ({ PK: 'HEALTH', SK: 'HEALTH' }),
  agent: (tenantId: string, agentId: string) => ({ PK: `TENANT#${tenantId}`, SK: `AGENT#${agentId}` }),
  agentsPartition: (tenantId: string) => ({ PK: `TENANT#${tenantId}` }),
  apiKey: (keyHash: string) => ({ PK: `APIKEY#${keyHash}`, SK: 'APIKEY' }),
  auditPartition: (tenantId: string) => ({ PK: `TENANT#${tenantId}#AUDIT` }),
  auditEntry: (tenantId: string, time: string, auditId: string) => ({ PK: `TENANT#${tenantId}#AUDIT`, SK: `${time}#${auditId}` }),
  rateWindow: (subject: string, windowId: number) => ({ PK: `RATE#${subject}`, SK: `W#${windowId}` }),
  connection: (connectionId: string) => ({ PK: `CONN#${connectionId}`, SK: 'CONN' }),
  connectionsOfPrincipal: (tenantId: string, principalId: string) => ({
    GSI1PK: `TENANT#${tenantId}#PRINCIPAL#${principalId}`,
  }),
};

/** Epoch seconds, the unit of the table's TTL attribute. */
export const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);
