// The ids the API hands out and the path parameters that carry them: their own small module, so a
// route that only reads an id from its path does not build a feature's other schemas at cold start.
import * as z from 'zod/mini';

export const AgentId = z.string().check(z.regex(/^agt_[0-9a-z]{26}$/, 'must be an agent id (agt_…)'));
export const AgentPath = z.object({ agent_id: AgentId });

export const BenchmarkId = z.string().check(z.regex(/^bm_[0-9a-z]{26}$/, 'must be a benchmark id (bm_…)'));
export const BenchmarkPath = z.object({ benchmark_id: BenchmarkId });

export const BaselineId = z.string().check(z.regex(/^bl_[0-9a-z]{26}$/, 'must be a baseline id (bl_…)'));
export const BaselinePath = z.object({ benchmark_id: BenchmarkId, baseline_id: BaselineId });

export const SubmissionId = z.string().check(z.regex(/^sub_[0-9a-z]{26}$/, 'must be a submission id (sub_…)'));
export const SubmissionPath = z.object({ submission_id: SubmissionId });

export const EventId = z.string().check(z.regex(/^evt_[0-9a-z]{26}$/, 'must be an event id (evt_…)'));
export const EventPath = z.object({ event_id: EventId });

export const WebhookId = z.string().check(z.regex(/^whk_[0-9a-z]{26}$/, 'must be a webhook id (whk_…)'));
export const WebhookPath = z.object({ webhook_id: WebhookId });

export const JudgeId = z.string().check(z.regex(/^jdg_[0-9a-z]{26}$/, 'must be a judge id (jdg_…)'));
export const JudgePath = z.object({ judge_id: JudgeId });
