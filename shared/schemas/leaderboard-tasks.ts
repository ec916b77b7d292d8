// The per-task leaderboard's schemas: each task's score for each agent on a board page.
import * as z from 'zod/mini';

/** Board entries per page: 500 tasks × 100 agents × ~75 bytes stays under a Lambda response's 6 MB. */
export const MAX_TASK_BOARD_AGENTS = 100;

export const LeaderboardTasksQuery = z.object({
  version: z.optional(z.coerce.number().check(z.int(), z.minimum(1))),
  /** How many of the board's entries (in rank order) this page covers. */
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(MAX_TASK_BOARD_AGENTS)), 50),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
});

export const TaskSplit = z.enum(['public', 'private']);

export const LeaderboardTasks = z.object({
  benchmark_id: z.string(),
  version: z.number(),
  tasks: z.array(
    z.object({
      task_id: z.string(),
      split: TaskSplit,
      /** The page's agents in rank order, each with its leaderboard submission's score on this task. */
      agents: z.array(z.object({ agent_id: z.string(), score: z.number(), samples: z.number() })),
    }),
  ),
  /** The next page of the board's agents (the same tasks); null after the last. */
  next_cursor: z.nullable(z.string()),
});

export type LeaderboardTasksView = z.input<typeof LeaderboardTasks>;
