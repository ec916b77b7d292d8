// The tenant's audit log, newest first, paged.
import { auditView } from '#shared/audit/entry.ts';
import { route } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { auditPage } from '#shared/store/audit.ts';
import { auditRoutes } from '#shared/routes/audit.ts';

export const handler = route(auditRoutes['GET /v1/audit'], async ({ query, principal }) => {
  const page = await auditPage({ tenantId: principal.tenantId, ...query });
  return ok({ items: page.entries.map(auditView), next_cursor: page.nextCursor });
});
