// Hidden test sets (README "Hidden test sets"): who sees what of a benchmark with private tasks,
// before and after its maintainers reveal them. Plain TypeScript: pure rules, no I/O.
//
//                      before the reveal                 after the reveal
//   agent              public_score only; no private     score and public_score; still no private
//                      task's result nor expected value  task's result nor expected value
//   viewer             public_score only; no private     everything
//                      task's result
//   maintainer, admin  everything                        everything
//
// A benchmark version without private tasks hides nothing: its `score` is its `public_score`.
import type { Principal, Role } from '#shared/auth/principal.ts';

/** Whose view a rule is about: an agent, or a user by their highest role. */
export type VisibilityRole = 'agent' | Role;

/** Sees everything, whatever the state: maintainers and admins. */
const seesAll = (role: VisibilityRole) => role === 'maintainer' || role === 'admin';

/** May see `score` (over all tasks), its interval and standard error: maintainers always, others once revealed. */
export const seesFullScore = (role: VisibilityRole, revealedAt: string | null): boolean => seesAll(role) || revealedAt !== null;

/** May see a private task's per-task result: maintainers always, viewers once revealed, agents never. */
export const seesPrivateTaskResults = (role: VisibilityRole, revealedAt: string | null): boolean =>
  seesAll(role) || (role === 'viewer' && revealedAt !== null);

/** The role whose rules apply to a principal: `agent` for agents, else the user's highest role. */
export function visibilityRole(principal: Pick<Principal, 'principalType' | 'roles'>): VisibilityRole {
  if (principal.principalType === 'agent') return 'agent';
  if (principal.roles.includes('admin')) return 'admin';
  if (principal.roles.includes('maintainer')) return 'maintainer';
  return 'viewer';
}

/**
 * The three groups whose views of a score can differ (admins see what maintainers see): WebSocket
 * subscribers are grouped by it, so an update is rendered once per group, not once per connection.
 */
export type Audience = 'agent' | 'viewer' | 'maintainer';

export const audienceOf = (role: VisibilityRole): Audience => (role === 'admin' ? 'maintainer' : role);

export interface ScoreFields {
  score: number | null;
  confidence_interval: unknown;
  stderr: number | null;
}

/**
 * The score fields as `role` may see them: unchanged when the version has no private tasks or the
 * role sees full scores; else `score`, `confidence_interval` and `stderr` null (public_score stays).
 */
export function visibleScores<T extends ScoreFields>(fields: T, role: VisibilityRole, hasPrivateTasks: boolean, revealedAt: string | null): T {
  if (!hasPrivateTasks || seesFullScore(role, revealedAt)) return fields;
  return {
    ...fields,
    score: null,
    confidence_interval: null,
    stderr: null,
    // Derived from the full scores too: pass@1 is the score; the Pareto frontier is the full scores' frontier.
    ...('pass_at_k' in fields ? { pass_at_k: null } : {}),
    ...('pareto' in fields ? { pareto: false } : {}),
  };
}

/** Per-task results as `role` may see them: private tasks' results left out for whoever may not see them. */
export function visibleResults<T extends { split?: string }>(results: T[], role: VisibilityRole, revealedAt: string | null): T[] {
  if (seesPrivateTaskResults(role, revealedAt)) return results;
  return results.filter((result) => result.split !== 'private');
}

/** Which board ordering a benchmark shows: by `public_score` until the reveal, by `score` after. */
export type BoardOrdering = 'public' | 'full';

export const boardOrdering = (revealedAt: string | null): BoardOrdering => (revealedAt === null ? 'public' : 'full');

/**
 * Update data on a WebSocket channel (submission.scored and the like) as an audience may see it.
 * The publisher puts `private_tasks` (how many the version has) and `revealed_at` (the benchmark's,
 * when it published) in the data; data without them hides nothing.
 */
export function visibleUpdateData(data: Record<string, unknown>, audience: Audience): Record<string, unknown> {
  const privateTasks = typeof data.private_tasks === 'number' ? data.private_tasks : 0;
  const revealedAt = typeof data.revealed_at === 'string' ? data.revealed_at : null;
  if (privateTasks === 0 || !('score' in data) || seesFullScore(audience, revealedAt)) return data;
  return {
    ...data,
    score: null,
    ...('confidence_interval' in data ? { confidence_interval: null } : {}),
    ...('stderr' in data ? { stderr: null } : {}),
    // pass@1 is the full score.
    ...('pass_at_k' in data ? { pass_at_k: null } : {}),
    // The Pareto frontier is the full scores' (cost and usage): hidden with them.
    ...('pareto' in data ? { pareto: false } : {}),
    ...('pareto_agents' in data ? { pareto_agents: [] } : {}),
  };
}
