// GET /v1/admin/dead-letters?queue= (admin): the tenant's dead letters of one queue, newest first,
// paged; redriven ones stay listed with `redriven_at`.
import { deadLetterView } from '#shared/dead-letters/dead-letter.ts';
import { httpRoute } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { DeadLetterQuery } from '#shared/schemas/dead-letters.ts';
import { deadLettersPage } from '#shared/store/dead-letters.ts';

export const handler = httpRoute({ query: DeadLetterQuery }, async ({ query, principal }) => {
  const page = await deadLettersPage(principal!.tenantId, query.queue, query.limit, query.cursor);
  return ok({ items: page.letters.map(deadLetterView), next_cursor: page.nextCursor });
});
