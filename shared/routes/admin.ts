// The admin HTTP routes: one declaration each (who may call, schemas, audit, limits, the function serving it).
import { declareRoutes } from '#shared/contract/routes.ts';
import { tableRead, tableReadWrite } from '#shared/contract/uses.ts';
import { DeadLetterQuery, DeadLetterQueuePath } from '#shared/schemas/dead-letters.ts';

export const adminRoutes = declareRoutes({
  'GET /v1/admin/dead-letters': {
    access: 'admin',
    summary:
      'Dead letters of a queue (queue: a declared queue name), newest first; redriven ones carry redriven_at. scope=platform: the messages that name no tenant, for admins of the operator tenant (OPERATOR_TENANT) only',
    tags: ['admin'],
    schemas: { query: DeadLetterQuery, responses: { 200: 'DeadLetterPage' } },
    function: {
      name: 'deadLettersList',
      entry: 'functions/http/admin/dead-letters-list.ts',
      description: "the tenant's (or, for the operator, the platform's) dead letters of one queue",
      uses: [tableRead],
      settings: ['OPERATOR_TENANT'],
    },
  },
  'POST /v1/admin/dead-letters/{queue}/redrive': {
    access: 'admin',
    action: 'dead_letter.redrive',
    summary: "Sends the queue's dead letters not yet redriven back to it (scoring: their submissions are queued again); 202 with the count",
    tags: ['admin'],
    schemas: { path: DeadLetterQueuePath, responses: { 202: 'RedriveResult' } },
    function: {
      name: 'deadLettersRedrive',
      entry: 'functions/http/admin/dead-letters-redrive.ts',
      description: "sends the tenant's dead letters back to their queue",
      timeoutSeconds: 29,
      uses: [tableReadWrite, { allQueues: 'send' }],
    },
  },
});
