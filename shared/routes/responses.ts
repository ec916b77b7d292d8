// The response bodies the route declarations name: `responses: { 200: 'Agent' }` in a feature's
// file (shared/routes/<feature>.ts) is the schema `Agent` below. They document the API: the OpenAPI
// generator (shared/http/openapi.ts) reads this module, and handlers see it through types only
// (ResultOf in shared/http/response.ts, `import type`). Nothing checks a response against them at
// run time (the twin checks responses against the generated openapi.json), so no function's
// bundle carries them and a route without inputs evaluates no zod at cold start.
import { AgentWithKey, Agent } from '#shared/schemas/responses/agents.ts';
import { AuditEntry } from '#shared/schemas/audit.ts';
import { Baseline, BaselineList } from '#shared/schemas/responses/baselines.ts';
import { Benchmark, BenchmarkVersion } from '#shared/schemas/responses/benchmarks.ts';
import { pageOf } from '#shared/schemas/common.ts';
import { Comparison } from '#shared/schemas/comparison.ts';
import { DeadLetter, RedriveResult } from '#shared/schemas/dead-letters.ts';
import { Delivery, Event, EventAccepted, EventWithDeliveries } from '#shared/schemas/responses/events.ts';
import { SubmissionExportRow } from '#shared/schemas/exports.ts';
import { Health } from '#shared/schemas/health.ts';
import { WhoAmI } from '#shared/schemas/identity.ts';
import { Judge, JudgeWithSecret } from '#shared/schemas/responses/judges.ts';
import { Leaderboard, LeaderboardTasks } from '#shared/schemas/responses/leaderboard.ts';
import { AgentLiveStatus, BatchStatusResult, MonitoringSummary } from '#shared/schemas/responses/monitoring.ts';
import { Submission } from '#shared/schemas/responses/submissions.ts';
import { Appended, LogLine, Trace } from '#shared/schemas/responses/traces.ts';
import { TestEventAccepted, Webhook, WebhookWithSecret } from '#shared/schemas/responses/webhooks.ts';

/** Every response body a route may declare, by the name its declaration gives. */
export const responseSchemas = {
  // platform
  Health,
  WhoAmI,
  // agents and monitoring
  Agent,
  AgentPage: pageOf(Agent),
  AgentWithKey,
  AgentLiveStatus,
  BatchStatusResult,
  MonitoringSummary,
  // benchmarks
  Benchmark,
  BenchmarkPage: pageOf(Benchmark),
  BenchmarkVersionPage: pageOf(BenchmarkVersion),
  // submissions, their export (a JSON line), leaderboards, baselines and comparison
  Submission,
  SubmissionPage: pageOf(Submission),
  SubmissionExportRow,
  Leaderboard,
  LeaderboardTasks,
  Baseline,
  BaselineList,
  Comparison,
  // traces and logs
  Appended,
  Trace,
  LogLinePage: pageOf(LogLine),
  // events and webhooks
  EventAccepted,
  EventPage: pageOf(Event),
  EventWithDeliveries,
  Webhook,
  WebhookPage: pageOf(Webhook),
  WebhookWithSecret,
  TestEventAccepted,
  DeliveryPage: pageOf(Delivery),
  // judges
  Judge,
  JudgePage: pageOf(Judge),
  JudgeWithSecret,
  // operations
  DeadLetterPage: pageOf(DeadLetter),
  RedriveResult,
  AuditEntryPage: pageOf(AuditEntry),
};

export type ResponseSchemas = typeof responseSchemas;

/** The name of a declared response body (`responses: { 200: 'Agent' }`). */
export type ResponseName = keyof ResponseSchemas;
