// Live monitoring: the response bodies the API answers with (OpenAPI's schemas, named in the route
// declarations through shared/routes/responses.ts). Apart from the request schemas in ../monitoring.ts, so
// no function's bundle builds them: handlers reach them through types only.
import * as z from 'zod/mini';
import { GROUP_BY } from '#shared/monitoring/counts.ts';
import { LiveStatus } from '../monitoring.ts';

const AgentLiveStatusFields = {
  agent_id: z.string(),
  status: LiveStatus,
  group: z.string(),
  location: z.string(),
  activity: z.nullable(z.string()),
  reported_at: z.string(),
  last_seen: z.string(),
  changed_at: z.string(),
};

/** changed: a transition (aggregates and agent.status_changed); unchanged: a heartbeat; stale: an equal or newer report is stored (shown). */
export const ReportOutcome = z.enum(['changed', 'unchanged', 'stale']);

export const AgentLiveStatus = z.object({ ...AgentLiveStatusFields, outcome: ReportOutcome });

export const BatchStatusResult = z.object({
  results: z.array(
    z.object({
      agent_id: z.string(),
      outcome: z.enum(['changed', 'unchanged', 'stale', 'failed']),
      status: z.optional(LiveStatus),
      group: z.optional(z.string()),
      location: z.optional(z.string()),
      activity: z.optional(z.nullable(z.string())),
      reported_at: z.optional(z.string()),
      last_seen: z.optional(z.string()),
      changed_at: z.optional(z.string()),
      /** Only for `failed`: not_found, conflict (revoked agent), validation_failed, unavailable. */
      error: z.optional(z.object({ code: z.string(), message: z.string() })),
    }),
  ),
  changed: z.number(),
  unchanged: z.number(),
  stale: z.number(),
  failed: z.number(),
});

export const StatusCounts = z.object({ online: z.number(), busy: z.number(), idle: z.number(), error: z.number(), offline: z.number() });

export const MonitoringSummary = z.object({
  group_by: z.enum(GROUP_BY),
  as_of: z.string(),
  /** The caller's locations the counts are limited to (null: all). */
  locations: z.nullable(z.array(z.string())),
  totals: StatusCounts,
  total: z.number(),
  items: z.array(z.object({ key: z.string(), counts: StatusCounts, total: z.number() })),
});

// What the API answers, as the views build it (views are typed against these, so OpenAPI cannot drift).
export type AgentLiveStatusView = z.input<typeof AgentLiveStatus>;
export type BatchStatusResultView = z.input<typeof BatchStatusResult>;
