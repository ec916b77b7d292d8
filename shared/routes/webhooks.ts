// The webhooks HTTP routes: one declaration each (who may call, schemas, audit, limits, the function serving it).
import { declareRoutes } from '#shared/contract/routes.ts';
import { tableRead, tableReadWrite } from '#shared/contract/uses.ts';
import { WebhookPath } from '#shared/schemas/ids.ts';
import { PageQuery } from '#shared/schemas/common.ts';
import { CreateWebhook, RotateWebhookSecret, UpdateWebhook } from '#shared/schemas/webhooks.ts';

export const webhooksRoutes = declareRoutes({
  'POST /v1/webhooks': {
    access: 'maintainer',
    action: 'webhook.create',
    summary:
      'Registers an endpoint (https, public address): event types (exact or prefix.*), minimum priority; the response carries its secret, shown only this once',
    tags: ['webhooks'],
    schemas: { body: CreateWebhook, responses: { 201: 'WebhookWithSecret' } },
    function: {
      name: 'webhooksCreate',
      entry: 'functions/http/webhooks/create.ts',
      description: 'registers an endpoint and returns its signing secret once',
      uses: [tableReadWrite],
      settings: ['WEBHOOK_ALLOW_LOOPBACK'],
    },
  },
  'GET /v1/webhooks': {
    access: 'viewer',
    summary: "Lists the tenant's endpoints, oldest first",
    tags: ['webhooks'],
    schemas: { query: PageQuery, responses: { 200: 'WebhookPage' } },
    function: {
      name: 'webhooksList',
      entry: 'functions/http/webhooks/list.ts',
      description: "the tenant's endpoints",
      uses: [tableRead],
    },
  },
  'GET /v1/webhooks/{webhook_id}': {
    access: 'viewer',
    summary: 'Gets one endpoint',
    tags: ['webhooks'],
    schemas: { path: WebhookPath, responses: { 200: 'Webhook' } },
    function: {
      name: 'webhooksGet',
      entry: 'functions/http/webhooks/get.ts',
      description: 'one endpoint',
      uses: [tableRead],
    },
  },
  'PATCH /v1/webhooks/{webhook_id}': {
    access: 'maintainer',
    action: 'webhook.update',
    summary: 'Changes an endpoint; enabled: false pauses its deliveries, enabled: true re-enables it and replays what it missed',
    tags: ['webhooks'],
    schemas: { path: WebhookPath, body: UpdateWebhook, responses: { 200: 'Webhook' } },
    function: {
      name: 'webhooksUpdate',
      entry: 'functions/http/webhooks/update.ts',
      description: 'changes an endpoint; re-enabling replays what it missed',
      // A re-enable sends one replay message; the delivery worker re-enqueues the missed deliveries.
      uses: [tableReadWrite, { queue: 'delivery', send: true }],
      settings: ['WEBHOOK_ALLOW_LOOPBACK'],
    },
  },
  'DELETE /v1/webhooks/{webhook_id}': {
    access: 'maintainer',
    action: 'webhook.delete',
    summary: 'Deletes an endpoint; its deliveries not yet made are skipped',
    tags: ['webhooks'],
    schemas: { path: WebhookPath, responses: { 204: null } },
    function: {
      name: 'webhooksDelete',
      entry: 'functions/http/webhooks/delete.ts',
      description: 'deletes an endpoint',
      uses: [tableReadWrite],
    },
  },
  'POST /v1/webhooks/{webhook_id}/rotate-secret': {
    access: 'maintainer',
    action: 'webhook.rotate_secret',
    summary: 'A new secret, shown once; the old one is still signed with (both signatures sent) for overlap_seconds',
    tags: ['webhooks'],
    schemas: { path: WebhookPath, body: RotateWebhookSecret, responses: { 200: 'WebhookWithSecret' } },
    function: {
      name: 'webhooksRotateSecret',
      entry: 'functions/http/webhooks/rotate-secret.ts',
      description: 'a new signing secret; the old one stays valid for an overlap',
      uses: [tableReadWrite],
      settings: ['WEBHOOK_SECRET_OVERLAP_SECONDS'],
    },
  },
  'POST /v1/webhooks/{webhook_id}/test': {
    access: 'maintainer',
    action: 'webhook.test',
    summary: 'Sends a webhook.test event to this endpoint only: 202 with its event id',
    tags: ['webhooks'],
    schemas: { path: WebhookPath, responses: { 202: 'TestEventAccepted' } },
    function: {
      name: 'webhooksTest',
      entry: 'functions/http/webhooks/test.ts',
      description: 'sends a webhook.test event to one endpoint',
      uses: [tableReadWrite, { queue: 'delivery', send: true }],
    },
  },
  'GET /v1/webhooks/{webhook_id}/deliveries': {
    access: 'maintainer',
    summary: "The endpoint's delivery history, newest event first, with every attempt",
    tags: ['webhooks'],
    schemas: { path: WebhookPath, query: PageQuery, responses: { 200: 'DeliveryPage' } },
    function: {
      name: 'webhooksDeliveries',
      entry: 'functions/http/webhooks/deliveries.ts',
      description: "an endpoint's delivery history",
      uses: [tableRead],
    },
  },
});
