// Every item's keys, in one place. Keys carry the tenant wherever an item belongs to one.
//
// item                 PK                          SK              GSI1PK / GSI1SK
// health probe         HEALTH                      HEALTH          -
// WebSocket connection CONN#<connection_id>        CONN            TENANT#<t>#PRINCIPAL#<p> / CONN#<connection_id>
export const keys = {
  health: () => ({ PK: 'HEALTH', SK: 'HEALTH' }),
  connection: (connectionId: string) => ({ PK: `CONN#${connectionId}`, SK: 'CONN' }),
  connectionsOfPrincipal: (tenantId: string, principalId: string) => ({
    GSI1PK: `TENANT#${tenantId}#PRINCIPAL#${principalId}`,
  }),
};

/** Epoch seconds, the unit of the table's TTL attribute. */
export const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);
