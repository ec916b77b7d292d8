// DynamoDB's limits on the free-form JSON values users send (metadata, attributes, task input and
// expected, answers), checked before a write so the cloud and the twin refuse them alike with 400:
// an item nests at most 32 levels (its own map is level 1), holds at most 400 KB, and numbers
// within DynamoDB's range. The walks below use an explicit stack: a 100,000-deep body must not
// overflow ours either.
import * as z from 'zod/mini';

/** Levels of maps and lists DynamoDB stores in one item, the item's own map counted as the first. */
export const DYNAMODB_MAX_LEVELS = 32;
/** DynamoDB's item size limit, 400 KB (attribute names and values). */
export const DYNAMODB_MAX_ITEM_BYTES = 400 * 1024;

const isContainer = (value: unknown): value is object => typeof value === 'object' && value !== null;
const childrenOf = (value: object): unknown[] => (Array.isArray(value) ? value : Object.values(value));

/**
 * Levels of objects and arrays in a JSON value: a scalar is 0, `{}` and `[1]` are 1, `{"a":[]}` is 2.
 * Stops as soon as it is past `cap`, answering `cap + 1`.
 */
export function nestingDepth(value: unknown, cap = Number.MAX_SAFE_INTEGER): number {
  let deepest = 0;
  const stack: Array<[object, number]> = isContainer(value) ? [[value, 1]] : [];
  while (stack.length > 0) {
    const [node, level] = stack.pop()!;
    if (level > deepest) deepest = level;
    if (deepest > cap) return cap + 1;
    for (const child of childrenOf(node)) if (isContainer(child)) stack.push([child, level + 1]);
  }
  return deepest;
}

/** Bytes DynamoDB counts for a number: about one per two significant digits, plus one. */
function numberBytes(n: number): number {
  if (!Number.isFinite(n)) return 1;
  const mantissa = Math.abs(n).toExponential().split('e')[0]!.replace('.', '');
  return Math.ceil(mantissa.length / 2) + 1;
}

/**
 * Bytes DynamoDB counts for a JSON value stored as an attribute (its own name not included):
 * strings by their UTF-8 length, numbers as above, null and booleans 1, maps and lists 3 plus 1 per
 * element plus, for maps, their keys' UTF-8 length. Undefined members are not stored.
 */
export function storedBytes(value: unknown): number {
  let bytes = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === undefined) continue;
    if (typeof node === 'string') bytes += Buffer.byteLength(node, 'utf8');
    else if (typeof node === 'number') bytes += numberBytes(node);
    else if (!isContainer(node)) bytes += 1;
    else if (Array.isArray(node)) {
      bytes += 3 + node.length;
      for (const child of node) stack.push(child);
    } else {
      bytes += 3;
      for (const [key, child] of Object.entries(node)) {
        if (child === undefined) continue;
        bytes += 1 + Buffer.byteLength(key, 'utf8');
        stack.push(child);
      }
    }
  }
  return bytes;
}

/** The deepest a value may nest when it is stored `levelsAbove` levels down its item (a top-level attribute: 1). */
export const maxNestingBelow = (levelsAbove: number) => DYNAMODB_MAX_LEVELS - levelsAbove;

/** DynamoDB stores numbers whose magnitude is 0 or from 1e-130 up to (not including) 1e126. */
export function isStorableNumber(n: number): boolean {
  if (n === 0) return true;
  const exponent = Number(Math.abs(n).toExponential().split('e')[1]);
  return Number.isFinite(n) && exponent >= -130 && exponent <= 125;
}

/**
 * What DynamoDB would refuse in a value nesting at most `maxLevels` deep: too deep, or (unless it
 * is stored as JSON text) a number out of its range.
 */
export function storageProblem(value: unknown, maxLevels: number, asText = false): string | undefined {
  const tooDeep = `must nest at most ${maxLevels} levels of objects and arrays (DynamoDB stores at most ${DYNAMODB_MAX_LEVELS} levels per item, the item itself and the fields around this one included)`;
  if (nestingDepth(value, maxLevels) > maxLevels) return tooDeep;
  if (asText) return undefined;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node === 'number' && !isStorableNumber(node))
      return `holds ${node}, a number DynamoDB cannot store (0, or a magnitude from 1e-130 up to 1e126)`;
    if (isContainer(node)) for (const child of childrenOf(node)) stack.push(child);
  }
  return undefined;
}

/**
 * A check for a free-form JSON value stored `levelsAbove` levels down its item: a top-level
 * attribute (`metadata`) has the item above it (1); an answer's `output` has the item, the
 * `answers` list and the answer's map (3). It refuses what DynamoDB would: deeper nesting than
 * its 32 levels allow, and numbers beyond its range. `asText`: the value is stored as JSON text,
 * where only the nesting limit is kept (one rule for every JSON value a user sends).
 */
export function storableJson(levelsAbove: number, { asText = false } = {}) {
  const max = maxNestingBelow(levelsAbove);
  return z.superRefine((value: unknown, ctx) => {
    const problem = storageProblem(value, max, asText);
    if (problem) ctx.issues.push({ code: 'custom', input: value, message: problem });
  });
}

/**
 * A check that what a body stores in one item (`stored(body)`, measured as DynamoDB counts it)
 * leaves `reserveBytes` of the 400 KB item for the attributes the platform adds.
 */
export function storedWithin<T>(what: string, stored: (body: T) => unknown, reserveBytes: number) {
  const max = DYNAMODB_MAX_ITEM_BYTES - reserveBytes;
  return z.superRefine((body: T, ctx) => {
    const bytes = storedBytes(stored(body));
    if (bytes > max)
      ctx.issues.push({
        code: 'custom',
        input: body,
        message: `${what} would take ${bytes} bytes as stored; at most ${max} fit (a DynamoDB item holds at most ${DYNAMODB_MAX_ITEM_BYTES} bytes, ${reserveBytes} of them kept for the platform's own attributes)`,
      });
  });
}
