// Judges: the response bodies the API answers with (OpenAPI's schemas, named in the route
// declarations through shared/routes/responses.ts). Apart from the request schemas in ../judges.ts, so
// no function's bundle builds them: handlers reach them through types only.
import * as z from 'zod/mini';

export const Judge = z.object({
  judge_id: z.string(),
  name: z.string(),
  url: z.string(),
  description: z.nullable(z.string()),
  /** While a rotated-out secret is still signed with: until when. */
  previous_secret_expires_at: z.nullable(z.string()),
  created_at: z.string(),
  updated_at: z.string(),
  created_by: z.string(),
});

/** Create and rotate answer with the secret: the only time it is ever shown. */
export const JudgeWithSecret = z.extend(Judge, { secret: z.string() });

// What the API answers, as the views build it (views are typed against these, so OpenAPI cannot drift).
export type JudgeView = z.input<typeof Judge>;
