// What goes to a judge and what comes back: the request body, the reading of its answer and the
// task score it gives. Plain TypeScript (no I/O): call-judge.ts does the HTTP.
import type { TaskScore } from '#shared/scoring/index.ts';

export const JUDGE_REQUEST_TYPE = 'scorecast.judge.request';

/** Longest rationale kept in a task's `detail` (a result list lives in the submission's item). */
export const MAX_RATIONALE_LENGTH = 1000;

export interface JudgeRequestData {
  submission_id: string;
  benchmark_id: string;
  task_id: string;
  input: unknown;
  expected: unknown;
  output: unknown;
  /** The task's rubric; null when it has none. */
  rubric: string | null;
}

export interface JudgeRequest {
  type: typeof JUDGE_REQUEST_TYPE;
  /** When the request was made (ISO 8601): the same on every attempt, as the bytes are. */
  timestamp: string;
  data: JudgeRequestData;
}

export const judgeRequest = (data: JudgeRequestData, at: Date): JudgeRequest => ({ type: JUDGE_REQUEST_TYPE, timestamp: at.toISOString(), data });

/** The Standard Webhooks message id of one task's request: the same on every attempt and receive. */
export const judgeMessageId = (submissionId: string, taskId: string) => `judge_${submissionId}_${taskId}`;

export type JudgeAnswer = { ok: true; score: number; rationale?: string } | { ok: false; reason: string };

/** A judge's 200 body: `{"score": 0..1, "rationale"?: string}`, anything else refused with why. */
export function readJudgeAnswer(body: string): JudgeAnswer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'the judge answered 200 with a body that is not JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { ok: false, reason: 'the judge answered 200 without a JSON object' };
  const { score, rationale } = parsed as Record<string, unknown>;
  if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 1)
    return { ok: false, reason: `the judge's score must be a number in [0, 1], not ${JSON.stringify(score) ?? 'absent'}` };
  if (rationale !== undefined && rationale !== null && typeof rationale !== 'string')
    return { ok: false, reason: "the judge's rationale must be a string" };
  return typeof rationale === 'string' ? { ok: true, score, rationale: rationale.slice(0, MAX_RATIONALE_LENGTH) } : { ok: true, score };
}

/** The task's score from the judge's: 0/1 against `passThreshold` when given (score ≥ threshold passes), else the score itself; the rationale as its detail. */
export function taskScoreOf(answer: { score: number; rationale?: string }, passThreshold: number | undefined): TaskScore {
  const score = passThreshold === undefined ? answer.score : answer.score >= passThreshold ? 1 : 0;
  return answer.rationale === undefined || answer.rationale === '' ? { score } : { score, detail: answer.rationale };
}
