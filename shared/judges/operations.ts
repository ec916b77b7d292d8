// What maintainers do with judges: register (the secret is shown once), read, change, delete, and
// rotate the secret (the old one stays valid for an overlap) — as webhooks, with the same URL
// rules and secrets.
import type { Principal } from '#shared/auth/principal.ts';
import { AppError, notFound, validationFailed } from '#shared/http/errors.ts';
import { newId } from '#shared/ids.ts';
import { deleteJudgeItem, findJudge, insertJudge, judgesPage, replaceJudgeSecret, updateJudgeFields } from '#shared/store/judges.ts';
import { checkWebhookUrl, type AddressPolicy } from '#shared/webhooks/address.ts';
import { newSecret } from '#shared/webhooks/signing.ts';
import { overlapEnd } from '#shared/webhooks/webhook.ts';
import { newJudge, type Judge, type JudgeInput } from './judge.ts';

export interface WithSecret {
  judge: Judge;
  secret: string;
}

/** The URL as it will be called (normalised), or a 400 naming why it is refused (the webhook rules). */
function checkedUrl(url: string, policy: AddressPolicy): string {
  const check = checkWebhookUrl(url, policy);
  if (!check.ok) throw validationFailed(`The judge URL ${check.reason}`, [{ location: 'body', path: 'url', message: check.reason }]);
  return check.url.href;
}

export async function registerJudge(actor: Principal, input: JudgeInput, policy: AddressPolicy, now = new Date()): Promise<WithSecret> {
  const judge = newJudge(newId('jdg', now.getTime()), actor, input, checkedUrl(input.url, policy), newSecret(), now);
  await insertJudge(judge);
  return { judge, secret: judge.secret };
}

export async function getJudge(actor: Pick<Principal, 'tenantId'>, judgeId: string): Promise<Judge> {
  const judge = await findJudge(actor.tenantId, judgeId);
  if (!judge) throw notFound('The judge');
  return judge;
}

export const listJudges = (actor: Principal, limit: number, cursor: string | undefined) => judgesPage(actor.tenantId, limit, cursor);

export interface JudgeChanges {
  name?: string;
  url?: string;
  description?: string | null;
}

export async function updateJudge(actor: Principal, judgeId: string, changes: JudgeChanges, policy: AddressPolicy, now = new Date()): Promise<Judge> {
  const url = changes.url === undefined ? undefined : checkedUrl(changes.url, policy);
  const updated = await updateJudgeFields(actor.tenantId, judgeId, { name: changes.name, url, description: changes.description }, now.toISOString());
  if (!updated) throw notFound('The judge');
  return updated;
}

/** Benchmarks naming the judge keep it in their tasks: their next submissions fail (`judge_error`) until they name another. */
export async function deleteJudge(actor: Principal, judgeId: string): Promise<void> {
  if (!(await deleteJudgeItem(actor.tenantId, judgeId))) throw notFound('The judge');
}

/** A new secret (shown once); the old one is still signed with for `overlapSeconds` (0: retired at once). */
export async function rotateJudgeSecret(actor: Principal, judgeId: string, overlapSeconds: number, now = new Date()): Promise<WithSecret> {
  const judge = await getJudge(actor, judgeId);
  const secret = newSecret();
  const rotated = await replaceJudgeSecret(judge, secret, overlapEnd(overlapSeconds, now), now.toISOString());
  if (!rotated) throw new AppError('conflict', 'The secret changed while rotating it (another rotation); try again');
  return { judge: rotated, secret };
}
