// Judges: HTTP endpoints a tenant registers to score tasks (`{"type": "judge", "judge_id", …}`),
// called signed as webhooks are (shared/webhooks/signing.ts) with the same URL rules
// (shared/webhooks/address.ts). Plain TypeScript: the model and its view; operations.ts does the
// reads and writes.
import type { Principal } from '#shared/auth/principal.ts';
import type { JudgeView } from '#shared/schemas/responses/judges.ts';
import { signingSecrets } from '#shared/webhooks/webhook.ts';

export interface Judge {
  judgeId: string;
  tenantId: string;
  name: string;
  url: string;
  description: string | null;
  secret: string;
  /** A rotated-out secret, still signed with until `previousSecretExpiresAt`. */
  previousSecret: string | null;
  previousSecretExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
}

export interface JudgeInput {
  name: string;
  url: string;
  description?: string;
}

export function newJudge(
  judgeId: string,
  actor: Pick<Principal, 'tenantId' | 'principalId'>,
  input: JudgeInput,
  url: string,
  secret: string,
  now: Date,
): Judge {
  const at = now.toISOString();
  return {
    judgeId,
    tenantId: actor.tenantId,
    name: input.name,
    url,
    description: input.description ?? null,
    secret,
    previousSecret: null,
    previousSecretExpiresAt: null,
    createdAt: at,
    updatedAt: at,
    createdBy: actor.principalId,
  };
}

/** The judge as the API shows it: never its secrets (only create and rotate answer with `secret`). */
export const judgeView = (judge: Judge, now = new Date()): JudgeView => ({
  judge_id: judge.judgeId,
  name: judge.name,
  url: judge.url,
  description: judge.description,
  previous_secret_expires_at: signingSecrets(judge, now).length > 1 ? judge.previousSecretExpiresAt : null,
  created_at: judge.createdAt,
  updated_at: judge.updatedAt,
  created_by: judge.createdBy,
});
