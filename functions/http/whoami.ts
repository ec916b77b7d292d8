// Who the credentials say you are.
import { toWhoAmI } from '#shared/auth/principal.ts';
import { route } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { platformRoutes } from '#shared/routes/platform.ts';

export const handler = route(platformRoutes['GET /v1/whoami'], async ({ principal }) => ok(toWhoAmI(principal)));
