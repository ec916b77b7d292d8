// Every submission the caller may see, as CSV or JSON Lines, in parts of at most EXPORT_PART_BYTES: a part that
// stops early links to the next (`Link: <…&cursor=…>; rel="next"`).
import { readSettings } from '#shared/config/settings.ts';
import { EXPORT_PART_BYTES } from '#shared/contract/settings.ts';
import { route } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { textBody } from '#shared/http/text-body.ts';
import { exportsRoutes } from '#shared/routes/exports.ts';
import { EXPORT_MEDIA_TYPES } from '#shared/submissions/export-rows.ts';
import { exportSubmissions } from '#shared/submissions/export.ts';

const { EXPORT_PART_BYTES: budgetBytes } = readSettings({ EXPORT_PART_BYTES });

export const handler = route(
  exportsRoutes['GET /v1/benchmarks/{benchmark_id}/submissions/export'],
  async ({ path, query, principal, remainingTimeMs, routeKey }) => {
    const part = await exportSubmissions(principal, path.benchmark_id, query, { remainingTimeMs, budgetBytes });
    const next = part.nextCursor === null ? undefined : nextLink(routeKey, path.benchmark_id, query, part.nextCursor);
    return ok(textBody(EXPORT_MEDIA_TYPES[query.format], part.text), next ? { link: next } : undefined);
  },
);

/** The next part's URL, relative to the API's root: the same format and version, the cursor to go on from. */
function nextLink(routeKey: string, benchmarkId: string, query: { format: string; version?: number }, cursor: string) {
  const path = routeKey.slice(routeKey.indexOf(' ') + 1).replace('{benchmark_id}', encodeURIComponent(benchmarkId));
  const params = new URLSearchParams({ format: query.format, ...(query.version === undefined ? {} : { version: String(query.version) }), cursor });
  return `<${path}?${params}>; rel="next"`;
}
