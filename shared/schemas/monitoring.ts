// Live monitoring API schemas: status reports (one agent, or up to 100 in a batch) and the summary.
// Requests only: the response bodies are in responses/monitoring.ts, which no function's bundle builds.
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

export const SummaryQuery = z.object({ group_by: z.optional(z.enum(GROUP_BY)) });
