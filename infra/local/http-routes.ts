// The HTTP API's route table: route keys compiled from the declaration, and a request's path matched
// the way HTTP APIs match it (most specific route first: literal > {param} > {proxy+}, then an exact
// method over ANY). Pure.
import { routeKey } from '../wiring-env.ts';
import type { HttpRouteDecl } from '../wiring-types.ts';
import { safeDecode } from './http-common.ts';
import type { ParsedRequest } from './http-event.ts';

type Segment = { kind: 'literal'; value: string } | { kind: 'param'; name: string } | { kind: 'greedy'; name: string };

export interface CompiledRoute {
  decl: HttpRouteDecl;
  key: string;
  method: string;
  segments: Segment[];
}

const LITERAL = 2;
const PARAM = 1;
const GREEDY = 0;

export function compileRoute(decl: HttpRouteDecl): CompiledRoute {
  const segments = decl.path
    .split('/')
    .slice(1)
    .map((part, index, all): Segment => {
      const param = /^\{([^{}]+)\}$/.exec(part);
      if (!param) return { kind: 'literal', value: part };
      const name = param[1]!;
      if (name.endsWith('+')) {
        if (index !== all.length - 1) throw new Error(`Greedy path variable must be last: ${decl.path}`);
        return { kind: 'greedy', name: name.slice(0, -1) };
      }
      return { kind: 'param', name };
    });
  return { decl, key: routeKey(decl), method: decl.method.toUpperCase(), segments };
}

export interface RouteMatch {
  route: CompiledRoute;
  params: Record<string, string>;
  ranks: number[];
}

/** Matches the raw (still percent-encoded) path segments; parameters come out decoded. */
function matchRoute(route: CompiledRoute, rawSegments: string[]): RouteMatch | null {
  const params: Record<string, string> = {};
  const ranks: number[] = [];
  for (let i = 0; i < route.segments.length; i++) {
    const segment = route.segments[i]!;
    if (segment.kind === 'greedy') {
      const rest = rawSegments.slice(i);
      if (rest.length === 0 || rest.join('/') === '') return null;
      params[segment.name] = rest.map(safeDecode).join('/');
      ranks.push(GREEDY);
      return { route, params, ranks };
    }
    const raw = rawSegments[i];
    if (raw === undefined) return null;
    if (segment.kind === 'literal') {
      if (safeDecode(raw) !== segment.value) return null;
      ranks.push(LITERAL);
    } else {
      if (raw === '') return null;
      params[segment.name] = safeDecode(raw);
      ranks.push(PARAM);
    }
  }
  return rawSegments.length === route.segments.length ? { route, params, ranks } : null;
}

/** Most specific first: segment by segment, literal > {param} > {proxy+}; then an exact method over ANY. */
function moreSpecific(a: RouteMatch, b: RouteMatch): number {
  const n = Math.max(a.ranks.length, b.ranks.length);
  for (let i = 0; i < n; i++) {
    const ra = a.ranks[i] ?? -1;
    const rb = b.ranks[i] ?? -1;
    if (ra !== rb) return rb - ra;
  }
  return (a.route.method === 'ANY' ? 1 : 0) - (b.route.method === 'ANY' ? 1 : 0);
}

/** The route a request takes, with its path parameters; null when none matches. */
export function findRoute(routes: CompiledRoute[], parsed: ParsedRequest): RouteMatch | null {
  let best: RouteMatch | null = null;
  for (const route of routes) {
    if (route.method !== parsed.method && route.method !== 'ANY') continue;
    const match = matchRoute(route, parsed.rawSegments);
    if (match && (!best || moreSpecific(match, best) < 0)) best = match;
  }
  return best;
}
