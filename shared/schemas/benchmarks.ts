// Benchmarks API request schemas (the responses: responses/benchmarks.ts).
import * as z from 'zod/mini';
import { TaskDefinition } from './scorers.ts';
import { storableJson, storedWithin } from './stored-json.ts';

export const MAX_TASKS = 500;
const name = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));
const description = z.string().check(z.maxLength(4000));
// A top-level attribute of the version item: also refuses a weight or tolerance DynamoDB cannot store (1e-200).
const tasks = z.array(TaskDefinition).check(z.minLength(1), z.maxLength(MAX_TASKS), storableJson(1));
export const LeaderboardRule = z.enum(['best', 'latest']);
const limit = z.number().check(z.int(), z.minimum(1), z.maximum(10_000));
/** Room a version's item keeps for its keys, number, author and time; the tasks take the rest. */
export const VERSION_RESERVED_BYTES = 8 * 1024;
const tasksFit = storedWithin('the tasks', (body: { tasks?: unknown }) => body.tasks, VERSION_RESERVED_BYTES);

export const CreateBenchmark = z
  .strictObject({
    name,
    description: z.optional(description),
    tasks,
    leaderboard_rule: z._default(LeaderboardRule, 'best'),
    daily_submission_limit: z._default(limit, 10),
  })
  .check(tasksFit);

export const UpdateBenchmark = z
  .strictObject({
    name: z.optional(name),
    description: z.optional(description),
    tasks: z.optional(tasks),
    leaderboard_rule: z.optional(LeaderboardRule),
    daily_submission_limit: z.optional(limit),
  })
  .check(
    z.refine((body) => Object.keys(body).length > 0, 'send at least one field'),
    tasksFit,
  );
