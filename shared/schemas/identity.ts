// The principal a request acts as, as `GET /v1/whoami` shows it.
import * as z from 'zod/mini';

export const PrincipalType = z.enum(['user', 'agent']);

export const WhoAmI = z.object({
  tenant_id: z.string(),
  principal_type: PrincipalType,
  principal_id: z.string(),
  roles: z.array(z.string()),
  /** null means every location (the token carried no locations claim). */
  locations: z.nullable(z.array(z.string())),
  agent_id: z.nullable(z.string()),
});
