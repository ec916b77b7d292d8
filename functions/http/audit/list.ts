// GET /v1/audit?from=&to=&action= (admin): the tenant's audit log, newest first, paged.
import { auditView } from '#shared/audit/entry.ts';
import { httpRoute } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { AuditQuery } from '#shared/schemas/audit.ts';
import { auditPage } from '#shared/store/audit.ts';

export const handler = httpRoute({ query: AuditQuery }, async ({ query, principal }) => {
  const page = await auditPage({ tenantId: principal!.tenantId, ...query });
  return ok({ items: page.entries.map(auditView), next_cursor: page.nextCursor });
});
