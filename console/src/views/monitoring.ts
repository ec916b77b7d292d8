// The monitoring wall's rows: the channel's `by_location` counts (location → group → status → n)
// flattened and filtered. Pure.

export const STATUSES = ['online', 'busy', 'idle', 'error', 'offline'] as const;
export type Counts = Record<(typeof STATUSES)[number], number>;
export type ByLocation = Record<string, Record<string, Partial<Counts>>>;

export interface WallRow {
  location: string;
  group: string;
  counts: Counts;
  total: number;
}

export function wallRows(byLocation: ByLocation, filter: { location?: string; group?: string } = {}): WallRow[] {
  const rows: WallRow[] = [];
  for (const [location, groups] of Object.entries(byLocation)) {
    if (filter.location && location !== filter.location) continue;
    for (const [group, raw] of Object.entries(groups)) {
      if (filter.group && !group.toLowerCase().includes(filter.group.toLowerCase())) continue;
      const counts = Object.fromEntries(STATUSES.map((s) => [s, raw[s] ?? 0])) as Counts;
      rows.push({ location, group, counts, total: STATUSES.reduce((sum, s) => sum + counts[s], 0) });
    }
  }
  return rows.sort((a, b) => a.location.localeCompare(b.location) || a.group.localeCompare(b.group));
}
