// Judges API schemas: HTTP endpoints a tenant registers to score tasks (the `judge` scorer).
// Requests only: the response bodies are in responses/judges.ts, which no function's bundle builds.
import * as z from 'zod/mini';

const name = z.string().check(z.minLength(1), z.maxLength(200));
const url = z
  .string()
  .check(z.minLength(1), z.maxLength(2048), z.describe('https URL of a public host (the twin also allows http to loopback), as for webhooks'));
const description = z.string().check(z.maxLength(1000));

export const CreateJudge = z.strictObject({ name, url, description: z.optional(description) });

export const UpdateJudge = z
  .strictObject({ name: z.optional(name), url: z.optional(url), description: z.optional(z.nullable(description)) })
  .check(z.refine((body) => Object.values(body).some((value) => value !== undefined), 'send at least one field'));

export const RotateJudgeSecret = z.optional(
  z.strictObject({
    /** Seconds the old secret is still signed with (default: WEBHOOK_SECRET_OVERLAP_SECONDS). */
    overlap_seconds: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(7 * 86_400))),
  }),
);
