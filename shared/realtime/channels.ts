// WebSocket channels (DESIGN.md, "WebSocket contract"): what a channel name means, who may
// subscribe to it, and what a subscriber whose principal sees only some locations may see of an
// update. Plain TypeScript: the checks that need the table (the benchmark exists in the tenant, the
// submission is the agent's own) happen in snapshots.ts.
import { hasRole, type Principal } from '#shared/auth/principal.ts';

export type Channel =
  | { kind: 'leaderboard'; name: string; benchmarkId: string }
  | { kind: 'submission'; name: string; submissionId: string }
  | { kind: 'monitoring'; name: 'monitoring' }
  | { kind: 'events'; name: 'events' };

export type ChannelKind = Channel['kind'];

/** The channel names publishers address. */
export const leaderboardChannel = (benchmarkId: string) => `leaderboard:${benchmarkId}`;
export const submissionChannel = (submissionId: string) => `submission:${submissionId}`;

/** Ids in channel names: what our ids look like (`bm_…`, `sub_…`), with room for imported ones. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export type ChannelProblem = { code: 'validation_failed' | 'unknown_channel'; message: string };

/** The channel a name denotes, or why it denotes none. */
export function parseChannel(name: string | undefined): Channel | ChannelProblem {
  if (name === undefined || name === '') return { code: 'validation_failed', message: 'This action needs a "channel"' };
  if (name === 'monitoring') return { kind: 'monitoring', name };
  if (name === 'events') return { kind: 'events', name };
  const colon = name.indexOf(':');
  const prefix = colon === -1 ? name : name.slice(0, colon);
  const id = colon === -1 ? '' : name.slice(colon + 1);
  if (prefix !== 'leaderboard' && prefix !== 'submission')
    return {
      code: 'unknown_channel',
      message: `Unknown channel "${name.slice(0, 64)}"; channels are leaderboard:{benchmark_id}, submission:{submission_id}, monitoring and events`,
    };
  if (!ID.test(id)) return { code: 'validation_failed', message: `"${prefix}:" must be followed by an id of letters, digits, "_" or "-"` };
  return prefix === 'leaderboard' ? { kind: 'leaderboard', name, benchmarkId: id } : { kind: 'submission', name, submissionId: id };
}

export const isChannel = (value: Channel | ChannelProblem): value is Channel => 'kind' in value;

/**
 * May this principal subscribe to this kind of channel at all? Viewers and above see everything of
 * their tenant; agents see leaderboards and their own submissions (ownership is checked against
 * the table), never the tenant-wide monitoring and events channels. Tenancy needs no rule here:
 * the channel's items are keyed by the subscriber's own tenant, so another tenant's benchmark or
 * submission is simply not found.
 */
export function mayWatch(principal: Principal, kind: ChannelKind): boolean {
  if (principal.principalType === 'agent') return kind === 'leaderboard' || kind === 'submission';
  return hasRole(principal, 'viewer');
}

/**
 * What a subscriber who sees only `locations` (null: all) may see of an update's data:
 * - `by_location` (an object keyed by location) keeps only the visible locations;
 * - data about one `location` the subscriber cannot see is withheld (only its kind and type stay,
 *   so the subscriber's `seq` stays contiguous and it still knows something happened).
 */
export function viewFor(data: Record<string, unknown>, locations: readonly string[] | null): Record<string, unknown> {
  if (locations === null) return data;
  const visible = new Set(locations);
  if (typeof data.location === 'string' && !visible.has(data.location)) {
    return { ...(data.kind === undefined ? {} : { kind: data.kind }), ...(data.type === undefined ? {} : { type: data.type }), withheld: true };
  }
  const byLocation = data.by_location;
  if (byLocation !== null && typeof byLocation === 'object' && !Array.isArray(byLocation)) {
    const narrowed: Record<string, unknown> = {};
    for (const [location, part] of Object.entries(byLocation)) if (visible.has(location)) narrowed[location] = part;
    return { ...data, by_location: narrowed };
  }
  return data;
}

/** One key per distinct set of visible locations ('*' for all): subscribers with the same key get the same bytes. */
export const viewKey = (locations: readonly string[] | null): string => (locations === null ? '*' : [...new Set(locations)].sort().join(','));
