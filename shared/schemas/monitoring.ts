// Live monitoring API schemas: status reports (one agent, or up to 100 in a batch) and the summary.
import * as z from 'zod/mini';
import { AgentId } from './ids.ts';
import { GROUP_BY } from '#shared/monitoring/counts.ts';
import { AGENT_STATUSES } from '#shared/monitoring/status.ts';
import { Instant } from './instant.ts';

export const MAX_REPORTS_PER_CALL = 100;

export const LiveStatus = z.enum(AGENT_STATUSES);
/** A team or queue of agents, shown as is on dashboards. */
const Group = z.string().check(z.trim(), z.minLength(1), z.maxLength(64), z.regex(/^[^\p{Cc}]+$/u, 'must not contain control characters'));
/** A location id, as tokens list them (custom:locations: separated by commas or spaces). */
const Location = z.string().check(z.regex(/^[^\s,\p{Cc}]{1,64}$/u, 'must be 1–64 characters without spaces, commas or control characters'));
const Activity = z.nullable(z.string().check(z.maxLength(200)));

const report = {
  status: LiveStatus,
  group: Group,
  location: Location,
  /** What the agent is doing, e.g. "on a call" (at most 200 characters). */
  activity: z.optional(Activity),
  /** When the state was observed (default: when the report arrives). Reports are ordered by it: an older one never overwrites a newer one. */
  reported_at: z.optional(Instant),
};

export const StatusReport = z.strictObject(report);

export const BatchStatusReports = z.strictObject({
  reports: z.array(z.strictObject({ agent_id: AgentId, ...report })).check(
    z.minLength(1),
    z.maxLength(MAX_REPORTS_PER_CALL),
    z.refine((reports) => new Set(reports.map((r) => r.agent_id)).size === reports.length, 'each agent may appear at most once per call'),
  ),
});

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

export const SummaryQuery = z.object({ group_by: z.optional(z.enum(GROUP_BY)) });

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
