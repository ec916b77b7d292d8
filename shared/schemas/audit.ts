// Audit log schemas.
import * as z from 'zod/mini';
import { PageQuery } from './common.ts';

export const AuditQuery = z
  .extend(PageQuery, {
    from: z.optional(z.iso.datetime()),
    to: z.optional(z.iso.datetime()),
    action: z.optional(z.string().check(z.maxLength(64))),
  })
  .check(
    z.refine((query) => !query.from || !query.to || Date.parse(query.from) <= Date.parse(query.to), {
      message: 'must not be after to',
      path: ['from'],
    }),
  );

export const AuditEntry = z.object({
  audit_id: z.string(),
  tenant_id: z.string(),
  actor: z.object({ type: z.enum(['user', 'agent']), id: z.string() }),
  action: z.string(),
  resource: z.string(),
  outcome: z.enum(['succeeded', 'denied', 'refused', 'failed']),
  status: z.number(),
  correlation_id: z.string(),
  time: z.string(),
});

// What the API answers, as the views build it (views are typed against these, so OpenAPI cannot drift).
export type AuditEntryView = z.input<typeof AuditEntry>;
