// Leaderboard API schemas: the board's query and the per-task board's.
// Requests only: the response bodies are in responses/leaderboard.ts, which no function's bundle builds.
import * as z from 'zod/mini';
import { PageQuery } from './common.ts';

export const LeaderboardQuery = z.extend(PageQuery, {
  version: z.optional(z.coerce.number().check(z.int(), z.minimum(1))),
  /** `score` (default): the rank order; `cost`: cheapest first, entries without a cost last, ties by the rank order. */
  sort: z._default(z.enum(['score', 'cost']), 'score'),
});

/** Board entries per page: 500 tasks × 100 agents × ~75 bytes stays under a Lambda response's 6 MB. */
export const MAX_TASK_BOARD_AGENTS = 100;

export const LeaderboardTasksQuery = z.object({
  version: z.optional(z.coerce.number().check(z.int(), z.minimum(1))),
  /** How many of the board's entries (in rank order) this page covers. */
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(MAX_TASK_BOARD_AGENTS)), 50),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
});
