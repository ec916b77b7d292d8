// The judge step of scoring one submission: each answered judge-scored task is sent to its judge
// (at most `concurrency` at once) and its verdict mapped to a task score, which the pure scorer
// (scoreSubmission's `judged`) then weighs with the other tasks. A judge that no longer exists or
// answers with anything but a verdict ends the submission (`judge_error: …`, returned); one that
// stays unreachable throws JudgeUnavailableError, after the other requests stop.
import { concurrencyLimit } from '#shared/concurrency.ts';
import { attemptsOf } from '#shared/scoring/attempts.ts';
import { isJudgeTask, type JudgedScores, type TaskDefinition, type TaskScore } from '#shared/scoring/index.ts';
import { findJudge } from '#shared/store/judges.ts';
import type { Submission } from '#shared/submissions/submission.ts';
import { callJudge, JudgeUnavailableError, type CallContext, type JudgeReply } from './call-judge.ts';
import type { Judge } from './judge.ts';
import { judgeMessageId, judgeRequest, taskScoreOf } from './verdict.ts';

type JudgeScorer = { type: 'judge'; judge_id: string; rubric?: string; pass_threshold?: number };

/** Verdicts by task id, or the reason (`judge_error: …`) the submission cannot be judged. */
export async function judgeTasks(
  submission: Pick<Submission, 'tenantId' | 'submissionId' | 'benchmarkId' | 'answers'>,
  tasks: readonly TaskDefinition[],
  context: CallContext,
): Promise<JudgedScores | string> {
  // One attempt per judge-scored task (checkAnswers refuses more): `output`, or the one item of `outputs`.
  const outputs = new Map(submission.answers.map((answer) => [answer.task_id, attemptsOf(answer)[0]]));
  const judged = tasks.filter((task) => isJudgeTask(task) && outputs.has(task.task_id));
  const judges = new Map<string, Judge>();
  for (const judgeId of new Set(judged.map((task) => (task.scorer as JudgeScorer).judge_id))) {
    const judge = await findJudge(submission.tenantId, judgeId);
    if (!judge) return `judge_error: judge ${judgeId} no longer exists`;
    judges.set(judgeId, judge);
  }

  let gaveUp = false;
  const slots = concurrencyLimit(context.policy.concurrency);
  const at = (context.now ?? (() => new Date()))();
  const replies = await Promise.allSettled(
    judged.map((task) =>
      slots.run(async (): Promise<JudgeReply> => {
        if (gaveUp) throw new JudgeUnavailableError('another request of the submission gave up');
        const scorer = task.scorer as JudgeScorer;
        const request = judgeRequest(
          {
            submission_id: submission.submissionId,
            benchmark_id: submission.benchmarkId,
            task_id: task.task_id,
            input: task.input,
            expected: task.expected,
            output: outputs.get(task.task_id),
            rubric: scorer.rubric ?? null,
          },
          at,
        );
        try {
          return await callJudge(judges.get(scorer.judge_id)!, request, judgeMessageId(submission.submissionId, task.task_id), {
            ...context,
            abandoned: () => gaveUp,
          });
        } catch (error) {
          gaveUp = true;
          throw error;
        }
      }),
    ),
  );

  const scores = new Map<string, TaskScore>();
  let unavailable: unknown;
  for (const [index, reply] of replies.entries()) {
    const task = judged[index]!;
    if (reply.status === 'rejected') {
      // The first give-up is the reason; the requests it stopped say only that.
      if (!unavailable || (unavailable as Error).message.startsWith('another request')) unavailable = reply.reason;
      continue;
    }
    if (!reply.value.ok) return `judge_error: task ${task.task_id}: ${reply.value.reason}`;
    scores.set(task.task_id, taskScoreOf(reply.value, (task.scorer as JudgeScorer).pass_threshold));
  }
  if (unavailable) throw unavailable;
  return scores;
}
