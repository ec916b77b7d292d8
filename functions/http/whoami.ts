// GET /v1/whoami (any principal): who the credentials say you are.
import { toWhoAmI } from '#shared/auth/principal.ts';
import { httpRoute } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';

export const handler = httpRoute({}, async ({ principal }) => ok(toWhoAmI(principal!)));
