// The tenant's dead letters of one queue, newest first, paged; redriven ones stay listed with
// `redriven_at`. scope=platform lists the messages that name no tenant, for admins of the operator
// tenant (OPERATOR_TENANT) only.
import { optionalEnv } from '#shared/config/env.ts';
import { deadLetterView } from '#shared/dead-letters/dead-letter.ts';
import { deadLetterOwner } from '#shared/dead-letters/scope.ts';
import { route } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { deadLettersPage } from '#shared/store/dead-letters.ts';
import { adminRoutes } from '#shared/routes/admin.ts';

const operatorTenant = optionalEnv('OPERATOR_TENANT', '');

export const handler = route(adminRoutes['GET /v1/admin/dead-letters'], async ({ query, principal }) => {
  const owner = deadLetterOwner(principal.tenantId, query.scope ?? 'tenant', operatorTenant);
  const page = await deadLettersPage(owner, query.queue, query.limit, query.cursor);
  return ok({ items: page.letters.map(deadLetterView), next_cursor: page.nextCursor });
});
