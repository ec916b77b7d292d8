// The events HTTP routes: one declaration each (who may call, schemas, audit, limits, the function serving it).
import { declareRoutes } from '#shared/contract/routes.ts';
import { tableRead, tableReadWrite } from '#shared/contract/uses.ts';
import { EventPath } from '#shared/schemas/ids.ts';
import { CreateEvent, EventListQuery } from '#shared/schemas/events.ts';

export const eventsRoutes = declareRoutes({
  'POST /v1/integrations/events': {
    access: 'maintainer',
    agents: true,
    action: 'event.create',
    idempotent: true,
    summary:
      'Accepts an event (source, event_type, severity, message, metadata, dedup_key): 202 with its priority; persisted, then delivered to subscribed webhooks; Idempotency-Key honoured; the same dedup_key within 24 h answers the first event',
    tags: ['integrations'],
    schemas: { body: CreateEvent, responses: { 202: 'EventAccepted' } },
    function: {
      name: 'eventsCreate',
      entry: 'functions/http/events/create.ts',
      description: 'accepts an event, persists it, broadcasts it on the events channel and enqueues one delivery per subscribed webhook',
      uses: [tableReadWrite, { queue: 'broadcast', send: true }, { queue: 'delivery', send: true }],
    },
  },
  'GET /v1/integrations/events': {
    access: 'viewer',
    summary: "The tenant's events, integration and platform, newest first",
    tags: ['integrations'],
    schemas: { query: EventListQuery, responses: { 200: 'EventPage' } },
    function: {
      name: 'eventsList',
      entry: 'functions/http/events/list.ts',
      description: "the tenant's events, newest first",
      uses: [tableRead],
    },
  },
  'GET /v1/integrations/events/{event_id}': {
    access: 'viewer',
    summary: 'An event with each of its deliveries and every attempt (number, status code, latency, error)',
    tags: ['integrations'],
    schemas: { path: EventPath, responses: { 200: 'EventWithDeliveries' } },
    function: {
      name: 'eventsGet',
      entry: 'functions/http/events/get.ts',
      description: 'an event with every delivery attempt',
      uses: [tableRead],
    },
  },
});
