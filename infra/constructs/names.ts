// Construct ids derived from declared names. They are part of the resources' logical ids: changing
// how a name is spelt here replaces the deployed resources.
import type { HttpRouteDecl } from '../wiring-types.ts';

/** Construct-id form of a declared name: `wsConnect` → `WsConnect`, `$connect` → `Connect`. */
export function pascal(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** Construct id of an HTTP route: method and path, `/` (not allowed in ids) spelt `_`. */
export function httpRouteId(route: HttpRouteDecl): string {
  return `${route.method}${route.path.replace(/\//g, '_')}`;
}
