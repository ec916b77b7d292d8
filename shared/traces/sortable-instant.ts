// ISO 8601 UTC instants as fixed-width strings that sort by time. Clients send any sub-second
// precision ("…:05Z", "…:05.1Z", "…:05.123456Z"), which do not sort as sent ('.' < 'Z'); padded
// to nanoseconds they do, so spans order by started_at and log lines page in time order.
const UTC_INSTANT = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/;

/** `2026-01-01T00:00:05.100000000Z` for `2026-01-01T00:00:05.1Z`; throws on anything but a UTC instant. */
export function sortableInstant(iso: string): string {
  const match = UTC_INSTANT.exec(iso);
  if (!match) throw new Error(`Not an ISO 8601 UTC instant: ${iso}`);
  return `${match[1]}.${(match[2] ?? '').padEnd(9, '0').slice(0, 9)}Z`;
}
