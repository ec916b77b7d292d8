// The structure of an API Gateway event, for comparing the twin's events with AWS's documented
// examples: which keys there are, in which order, and what type each value has — not the values,
// which depend on the request. Maps whose keys come from the request (headers, query parameters,
// stage variables, the authorizer's context) are reduced to the type of their values.

const MAPS = new Set([
  'headers',
  'multiValueHeaders',
  'queryStringParameters',
  'multiValueQueryStringParameters',
  'pathParameters',
  'stageVariables',
  'lambda',
]);

/** An object's shape lists its keys in order; an array's is the shape of its first item. */
export type Shape = string | Array<[string, Shape]> | { items: Shape };

export function shapeOf(value: unknown, key = ''): Shape {
  if (value === null) return 'null';
  if (Array.isArray(value)) return { items: value.length === 0 ? 'nothing' : shapeOf(value[0]) };
  if (typeof value !== 'object') return typeof value;
  if (MAPS.has(key)) {
    const values = Object.values(value);
    return `map of ${values.length === 0 ? 'nothing' : JSON.stringify(shapeOf(values[0]))}`;
  }
  return Object.entries(value).map(([k, v]): [string, Shape] => [k, shapeOf(v, k)]);
}

/** The example without the given dotted paths (fields the twin does not emulate). */
export function without<T>(example: T, ...paths: string[]): T {
  const copy = structuredClone(example) as Record<string, unknown>;
  for (const path of paths) {
    const parts = path.split('.');
    let node = copy;
    for (const part of parts.slice(0, -1)) node = node[part] as Record<string, unknown>;
    delete node[parts.at(-1)!];
  }
  return copy as T;
}
