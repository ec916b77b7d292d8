// The API's validation problems (`error.details`: [{ location, path, message }]) by the form field
// they concern — the first segment of each body path (`tasks.2.scorer` → `tasks`). Pure.

export function fieldErrors(details: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!Array.isArray(details)) return out;
  for (const problem of details) {
    if (typeof problem !== 'object' || problem === null) continue;
    const { path, message, location } = problem as { path?: unknown; message?: unknown; location?: unknown };
    if (typeof message !== 'string' || (location !== undefined && location !== 'body')) continue;
    const field = typeof path === 'string' && path !== '' ? path.split('.')[0]! : '_form';
    const where = typeof path === 'string' && path.includes('.') ? `${path.slice(field.length + 1)}: ` : '';
    out[field] = [...(out[field] ?? []), `${where}${message}`];
  }
  return out;
}
