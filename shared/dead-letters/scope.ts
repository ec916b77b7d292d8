// Whose dead letters a listing reads. A tenant's admins read their tenant's; the platform's — the
// messages that name no tenant (not JSON, or no tenant_id) — are read only by admins of the
// operator tenant (the OPERATOR_TENANT setting; empty: nobody). Pure: the caller passes the setting.
import { forbidden } from '#shared/http/errors.ts';

export type DeadLetterScope = 'tenant' | 'platform';

/** The partition owner to read: the tenant id, or null for the platform's (tenant-less) dead letters. */
export function deadLetterOwner(tenantId: string, scope: DeadLetterScope, operatorTenant: string): string | null {
  if (scope === 'tenant') return tenantId;
  if (operatorTenant === '' || tenantId !== operatorTenant) throw forbidden("Only the operator tenant's admins may read the platform's dead letters");
  return null;
}
